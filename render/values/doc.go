// Package values computes the values a render sees, exactly as Helm does:
// user values from -f and the --set family ([Flags]), dependency
// enablement and import-values ([ProcessDependencies]), coalescing of user
// values with chart defaults ([Coalesce], [Scope]) and values.schema.json
// validation ([ValidateSchemas]).
//
// Helm 4.3.1 is the default behaviour; [Options].Helm3 selects Helm 3.22.0.
// Warnings Helm would log are returned as lines, worded and formatted as the
// selected Helm version prints them on stderr.
//
// The package reads no files itself except through a function its caller
// passes, never touches the network, prints nothing, keeps no global state
// and never mutates the charts or maps it is given (except the user values
// handed over to [CoalesceOwned]).
package values

// Options select the Helm version whose behaviour is reproduced.
type Options struct {
	// Helm3 reproduces Helm 3.22.0 instead of Helm 4.3.1.
	Helm3 bool
}
