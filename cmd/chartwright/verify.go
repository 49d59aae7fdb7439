package main

import (
	"errors"
	"fmt"
	"io"

	"github.com/chartwright/chartwright/chart"
	"github.com/spf13/cobra"
)

func newVerifyCmd() *cobra.Command {
	var keyring string
	cmd := &cobra.Command{
		Use:   "verify ARCHIVE",
		Short: "verify a chart archive's provenance file as helm verify does",
		Long: "Verify that a chart archive has a valid provenance file (ARCHIVE.prov), as helm verify does:\n" +
			"the signature must be made by a key in the keyring and the file must record the archive's SHA-256.",
		RunE: runFunc(func(pos []string, stdout, stderr io.Writer) int { return verify(pos, keyring, stdout, stderr) }),
	}
	cmd.Flags().StringVar(&keyring, "keyring", chart.DefaultKeyring(), "keyring of trusted public keys (binary, armored or a GnuPG pubring.kbx)")
	return cmd
}

func verify(pos []string, keyring string, stdout, stderr io.Writer) int {
	if len(pos) != 1 {
		fmt.Fprintf(stderr, "Error: %v\n", errors.New("expected exactly one argument, the path to the archive"))
		return 2
	}
	if err := chart.CheckVerifiable(pos[0]); err != nil {
		fmt.Fprintf(stderr, "Error: %v\n", err)
		return 1
	}
	ring, err := chart.LoadKeyring(keyring)
	if err != nil {
		fmt.Fprintf(stderr, "Error: failed to load keyring: %v\n", err)
		return 1
	}
	v, err := chart.VerifyArchive(pos[0], ring)
	if err != nil {
		fmt.Fprintf(stderr, "Error: %v\n", err)
		return 1
	}
	for _, id := range v.Identities() {
		fmt.Fprintf(stdout, "Signed by: %s\n", id)
	}
	fmt.Fprintf(stdout, "Using Key With Fingerprint: %s\n", v.Fingerprint())
	fmt.Fprintf(stdout, "Chart Hash Verified: %s\n", v.FileHash)
	return 0
}
