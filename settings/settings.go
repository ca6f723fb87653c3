// Package settings keeps the wizard's non-secret preferences: the default portal,
// the portals used before and the last choices made in the wizard. The API key is
// never here: it lives in the keyring (package keystore) or in DOCSPACE_API_KEY.
package settings

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"

	"github.com/docspace-wizard/docspace-wizard/internal/outside"
)

// FileName is the settings file inside Dir().
const FileName = "settings.json"

// dirName is the program's folder inside the user's config directory.
const dirName = "docspace-wizard"

// Settings are the preferences saved between runs.
type Settings struct {
	// DefaultPortal is the portal used when none is named (normalised URL).
	DefaultPortal string `json:"defaultPortal,omitempty"`
	// Portals are the portals signed in to before, in the order first used.
	Portals []string `json:"portals,omitempty"`
	// Last holds the wizard's last choices, offered as defaults next time.
	Last LastChoices `json:"last"`
}

// LastChoices are the wizard's last answers; zero values mean "never chosen".
type LastChoices struct {
	RoomType int   `json:"roomType,omitempty"`
	Access   int   `json:"access,omitempty"`
	Notify   *bool `json:"notify,omitempty"`
}

// Error is a settings file that could not be read, written or understood.
type Error struct {
	// Path is the settings file.
	Path string
	// Op is what was being attempted ("reading", "writing").
	Op string
	// Fix says what to do.
	Fix string
	Err error
}

// Error names the file, what went wrong and what to do.
func (e *Error) Error() string {
	return fmt.Sprintf("%s the settings file %s: %v. %s", e.Op, e.Path, e.Err, e.Fix)
}

// Unwrap returns the underlying error.
func (e *Error) Unwrap() error { return e.Err }

// ConfigDirEnv names the variable that, when set, is the settings directory itself.
const ConfigDirEnv = "DOCSPACE_WIZARD_CONFIG_DIR"

// Dir returns the settings directory: $DOCSPACE_WIZARD_CONFIG_DIR when set, else
// os.UserConfigDir()/docspace-wizard.
func Dir() (string, error) {
	if d := os.Getenv(ConfigDirEnv); d != "" {
		abs, err := filepath.Abs(d)
		if err != nil {
			return "", fmt.Errorf("finding the settings directory %s=%s: %w", ConfigDirEnv, d, err)
		}
		return abs, nil
	}
	base, err := os.UserConfigDir()
	if err != nil {
		return "", fmt.Errorf("finding the settings directory: %w (set XDG_CONFIG_HOME or HOME)", err)
	}
	return filepath.Join(base, dirName), nil
}

// Path returns the settings file inside dir.
func Path(dir string) string { return filepath.Join(dir, FileName) }

// Load reads the settings in dir. A missing file is the zero value and no error;
// an unreadable or corrupt one is an *Error naming the file and what to do.
func Load(dir string) (Settings, error) {
	path := Path(dir)
	data, err := os.ReadFile(path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return Settings{}, nil
	case err != nil:
		return Settings{}, &Error{Path: path, Op: "reading", Err: err,
			Fix: "Check its permissions, or delete it to start afresh (it holds no secrets)."}
	}
	var s Settings
	if err := json.Unmarshal(data, &s); err != nil {
		return Settings{}, &Error{Path: path, Op: "reading", Err: fmt.Errorf("not valid settings JSON: %w", err),
			Fix: "Fix it or delete it to start afresh (it holds no secrets; run `docspace-wizard login` again)."}
	}
	outside.Clean(&s) // a file is outside text: nothing in it reaches the terminal raw
	return s, nil
}

// Save writes the settings to dir atomically: a temporary file in the same directory,
// mode 0600, renamed over the old one, so a crash never leaves half a file.
// The directory is created with mode 0700 when missing.
func (s Settings) Save(dir string) error {
	path := Path(dir)
	fail := func(err error) error {
		return &Error{Path: path, Op: "writing", Err: err,
			Fix: "Check that the directory is writable (or set XDG_CONFIG_HOME to one that is)."}
	}
	data, err := json.MarshalIndent(s, "", "  ")
	if err != nil {
		return fail(err)
	}
	data = append(data, '\n')
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return fail(err)
	}
	tmp, err := os.CreateTemp(dir, "."+FileName+".*.tmp")
	if err != nil {
		return fail(err)
	}
	tmpName := tmp.Name()
	defer func() { _ = os.Remove(tmpName) }() // no-op once renamed; a leftover temp file is harmless
	if err := tmp.Chmod(0o600); err != nil {
		_ = tmp.Close() // the first error is the one to report
		return fail(err)
	}
	if _, err := tmp.Write(data); err != nil {
		_ = tmp.Close()
		return fail(err)
	}
	if err := tmp.Sync(); err != nil {
		_ = tmp.Close()
		return fail(err)
	}
	if err := tmp.Close(); err != nil {
		return fail(err)
	}
	if err := os.Rename(tmpName, path); err != nil {
		return fail(err)
	}
	return nil
}

// AddPortal records portal (normalised) as known, keeping the first-use order; it
// reports whether the list changed.
func (s *Settings) AddPortal(portal string) bool {
	if portal == "" || slices.Contains(s.Portals, portal) {
		return false
	}
	s.Portals = append(s.Portals, portal)
	return true
}

// UsePortal records portal as known and makes it the default.
func (s *Settings) UsePortal(portal string) {
	s.AddPortal(portal)
	if portal != "" {
		s.DefaultPortal = portal
	}
}

// KnownPortals returns the default portal first, then every other known portal, without duplicates.
func (s Settings) KnownPortals() []string {
	var out []string
	if s.DefaultPortal != "" {
		out = append(out, s.DefaultPortal)
	}
	for _, p := range s.Portals {
		if p != "" && !slices.Contains(out, p) {
			out = append(out, p)
		}
	}
	return out
}
