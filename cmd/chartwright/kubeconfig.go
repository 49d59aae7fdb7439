package main

import (
	"os"
	"path/filepath"

	"github.com/spf13/pflag"
	"sigs.k8s.io/yaml"
)

// kubeFlags are Helm's global flags that say which cluster a command
// talks to. template and lint talk to none, but Helm takes the release's
// namespace from the kubeconfig when --namespace is not given, and scripts
// pass these flags: they are accepted, and only --kube-context and
// --kubeconfig are read.
type kubeFlags struct {
	context, config string
}

// kubeConfigFlags registers --namespace and Helm's cluster and client
// flags (hidden, but --kube-context and --kubeconfig) on fs.
func kubeConfigFlags(fs *pflag.FlagSet, namespace *string, f *kubeFlags) {
	fs.StringVarP(namespace, "namespace", "n", "", `namespace of the release (default $HELM_NAMESPACE, else the kubeconfig context's, else "default")`)
	fs.StringVar(&f.context, "kube-context", "", "the kubeconfig context whose namespace is the release's (as Helm)")
	fs.StringVar(&f.config, "kubeconfig", "", "the kubeconfig file (as Helm)")
	for _, name := range []string{"kube-apiserver", "kube-as-user", "kube-ca-file", "kube-tls-server-name", "kube-token",
		"registry-config", "repository-config", "repository-cache", "content-cache"} {
		fs.String(name, "", "")
	}
	fs.StringArray("kube-as-group", nil, "")
	fs.Bool("kube-insecure-skip-tls-verify", false, "")
	fs.Int("burst-limit", 100, "")
	fs.Float32("qps", 0, "")
	fs.VisitAll(func(fl *pflag.Flag) {
		if fl.Usage == "" {
			fl.Hidden = true
		}
	})
}

// namespaceOr is the --namespace given, else the release namespace Helm
// takes from the environment.
func (f kubeFlags) namespaceOr(given string) string {
	if given != "" {
		return given
	}
	return f.releaseNamespace()
}

// releaseNamespace is the namespace Helm gives a release without
// --namespace: HELM_NAMESPACE, else the namespace of the kubeconfig's
// current context (or of the context --kube-context or HELM_KUBECONTEXT
// names), else "default".
func (f kubeFlags) releaseNamespace() string {
	if ns := os.Getenv("HELM_NAMESPACE"); ns != "" {
		return ns
	}
	context := f.context
	if context == "" {
		context = os.Getenv("HELM_KUBECONTEXT")
	}
	if ns := kubeconfigNamespace(f.kubeconfigFiles(), context); ns != "" {
		return ns
	}
	return "default"
}

// kubeconfigFiles are the kubeconfig files client-go reads, in order:
// --kubeconfig, else those KUBECONFIG lists, else ~/.kube/config.
func (f kubeFlags) kubeconfigFiles() []string {
	if f.config != "" {
		return []string{f.config}
	}
	if env := os.Getenv("KUBECONFIG"); env != "" {
		return filepath.SplitList(env)
	}
	home, err := os.UserHomeDir()
	if err != nil {
		return nil
	}
	return []string{filepath.Join(home, ".kube", "config")}
}

// kubeconfig holds what a kubeconfig file says of namespaces.
type kubeconfig struct {
	CurrentContext string `json:"current-context"`
	Contexts       []struct {
		Name    string `json:"name"`
		Context struct {
			Namespace string `json:"namespace"`
		} `json:"context"`
	} `json:"contexts"`
}

// kubeconfigNamespace is the namespace of context (the current context when
// empty) in the merged files, as client-go merges them: the first file to
// set the current context or to define a context wins. Files that do not
// exist count for nothing; one that does not parse fails the loading, and
// Helm then takes no namespace from the kubeconfig.
func kubeconfigNamespace(files []string, context string) string {
	namespaces := map[string]string{}
	for _, name := range files {
		data, err := os.ReadFile(name)
		if err != nil {
			continue
		}
		var kc kubeconfig
		if yaml.Unmarshal(data, &kc) != nil {
			return ""
		}
		if context == "" {
			context = kc.CurrentContext
		}
		for _, c := range kc.Contexts {
			if _, seen := namespaces[c.Name]; !seen {
				namespaces[c.Name] = c.Context.Namespace
			}
		}
	}
	return namespaces[context]
}
