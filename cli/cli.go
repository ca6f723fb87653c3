// Package cli holds the non-interactive commands (the scriptable run, login, logout,
// status) as functions over injected I/O, so tests call them with fakes (gh's Options + run).
package cli

import (
	"io"
	"net/http"

	"github.com/docspace-wizard/docspace-wizard/docspace"
	"github.com/docspace-wizard/docspace-wizard/keystore"
)

// Streams is the terminal, injected so tests can capture it.
type Streams struct {
	In       io.Reader
	Out, Err io.Writer
	// InTTY and OutTTY say whether stdin / stdout are terminals.
	InTTY, OutTTY bool
}

// Env is what every command gets from main: its environment, injected.
type Env struct {
	Streams Streams
	// Getenv reads the environment (os.Getenv in main).
	Getenv func(string) string
	// ConfigDir is the settings directory (os.UserConfigDir()/docspace-wizard).
	ConfigDir string
	// StateDir is where runs are recorded for history and undo (history.Dir); runs
	// record nothing when it is empty (the demo portal, tests).
	StateDir string
	// HTTPClient is used for every portal call (nil: a default one).
	HTTPClient *http.Client
	// Version goes into the User-Agent.
	Version string
	// Keys is the key store (keystore.Open() in main); nil means no keyring at all.
	Keys keystore.Store
	// ClientOptions are added to every client NewClient builds (tests: instant retries, short timeouts).
	ClientOptions []docspace.Option
	// OS is the operating system, as runtime.GOOS names it ("": this one; tests: another).
	OS string
	// DebugLog reports the file this run's debug log goes to, "" when none (nil: none).
	DebugLog func() string
}

// NewClient builds a docspace client with the env's HTTP client and version.
func (e Env) NewClient(portal, key string) (*docspace.Client, error) {
	opts := []docspace.Option{docspace.WithVersion(e.Version)}
	if e.HTTPClient != nil {
		opts = append(opts, docspace.WithHTTPClient(e.HTTPClient))
	}
	opts = append(opts, e.ClientOptions...)
	return docspace.New(portal, key, opts...)
}
