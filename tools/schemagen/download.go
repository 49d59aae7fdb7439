package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"sort"
)

// download fetches the pinned modules of releases with `go mod download`
// (module cache and checksum database as usual) and returns their extracted
// directories per Kubernetes version.
func download(releases []kubeRelease) (map[string]modules, error) {
	var args []string
	for _, r := range releases {
		for mod, v := range r.modules() {
			args = append(args, mod+"@"+v)
		}
	}
	sort.Strings(args)
	dirs, err := goModDownload(args)
	if err != nil {
		return nil, err
	}
	out := map[string]modules{}
	for _, r := range releases {
		mods := modules{}
		for mod, v := range r.modules() {
			mods[mod] = dirs[mod+"@"+v]
		}
		out[r.kube] = mods
	}
	return out, nil
}

func goModDownload(args []string) (map[string]string, error) {
	tmp, err := os.MkdirTemp("", "schemagen")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(tmp)
	cmd := exec.Command("go", append([]string{"mod", "download", "-json"}, args...)...)
	cmd.Dir = tmp // outside any module, so nothing's go.mod is touched
	cmd.Env = append(os.Environ(), "GOFLAGS=-mod=mod")
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	runErr := cmd.Run()
	dirs := map[string]string{}
	dec := json.NewDecoder(&stdout)
	for {
		var m struct{ Path, Version, Dir, Error string }
		if err := dec.Decode(&m); errors.Is(err, io.EOF) {
			break
		} else if err != nil {
			return nil, fmt.Errorf("go mod download: %w", err)
		}
		if m.Error != "" {
			return nil, fmt.Errorf("go mod download %s@%s: %s", m.Path, m.Version, m.Error)
		}
		dirs[m.Path+"@"+m.Version] = m.Dir
	}
	if runErr != nil {
		return nil, fmt.Errorf("go mod download: %w: %s", runErr, stderr.String())
	}
	return dirs, nil
}
