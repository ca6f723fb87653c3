package onboard

import (
	"errors"
	"path/filepath"
	"strings"
	"testing"

	"github.com/docspace-wizard/docspace-wizard/settings"
)

const (
	flagPortal  = "https://flag.example.com"
	envPortal   = "https://env.example.com"
	savedPortal = "https://saved.example.com"
)

// configWith returns a settings directory whose default portal is saved ("" for none).
func configWith(t *testing.T, saved string) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "docspace-wizard")
	if saved != "" {
		var s settings.Settings
		s.UsePortal(saved)
		if err := s.Save(dir); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func envOf(vars map[string]string) func(string) string {
	return func(k string) string { return vars[k] }
}

// The flag beats the environment, which beats the settings file; each says so.
func TestResolvePortalPrecedence(t *testing.T) {
	tests := []struct {
		name, flag, env, saved string
		want                   string
		from                   PortalSource
	}{
		{"all three", flagPortal, envPortal, savedPortal, flagPortal, PortalFlag},
		{"env and settings", "", envPortal, savedPortal, envPortal, PortalEnv},
		{"settings only", "", "", savedPortal, savedPortal, PortalSettings},
		{"flag only", flagPortal, "", "", flagPortal, PortalFlag},
		{"blank env is unset", "", "  ", savedPortal, savedPortal, PortalSettings},
		{"env trimmed", "", " " + envPortal + "\n", "", envPortal, PortalEnv},
		{"none", "", "", "", "", PortalNone},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := PortalInputs{Flag: tt.flag, Getenv: envOf(map[string]string{EnvPortal: tt.env}), ConfigDir: configWith(t, tt.saved)}
			p, err := ResolvePortal(in)
			if err != nil || p.Raw != tt.want || p.Source != tt.from {
				t.Errorf("ResolvePortal = %q from %v, %v; want %q from %v", p.Raw, p.Source, err, tt.want, tt.from)
			}
		})
	}
	// Without a settings directory (the wizard reads the file later) only flag and env count.
	if p, err := ResolvePortal(PortalInputs{Getenv: envOf(nil)}); err != nil || p.Source != PortalNone {
		t.Errorf("no sources: %+v, %v", p, err)
	}
}

// An address that is not a portal's is named by where it came from.
func TestPortalErrorsSayWhereTheAddressCameFrom(t *testing.T) {
	dir := configWith(t, "ftp://saved.example.com")
	for _, tt := range []struct {
		in   PortalInputs
		want string
	}{
		{PortalInputs{Flag: "http://x.example.com"}, "The portal address uses http://"},
		{PortalInputs{Getenv: envOf(map[string]string{EnvPortal: "http://x.example.com"})},
			"DOCSPACE_BASE_URL (set in the environment): the portal address uses http://"},
		{PortalInputs{ConfigDir: dir}, "The default portal in " + settings.Path(dir) + ": the portal address must start with https://"},
	} {
		p, err := ResolvePortal(tt.in)
		if err != nil {
			t.Fatal(err)
		}
		_, err = p.Normalize()
		var pe *PortalError
		if !errors.As(err, &pe) || !strings.HasPrefix(err.Error(), tt.want) || !strings.HasSuffix(err.Error(), ".") {
			t.Errorf("%v: error %v, want it to start with %q", p.Source, err, tt.want)
		}
	}
	if _, err := Typed(" https://ok.example.com ").Normalize(); err != nil {
		t.Errorf("a typed address: %v", err)
	}
}

// The portal DOCSPACE_API_KEY belongs to: the environment's address, else the saved one.
func TestDefaultPortal(t *testing.T) {
	for _, tt := range []struct{ env, saved, want string }{
		{envPortal, savedPortal, envPortal},
		{"", savedPortal, savedPortal},
		{"not a url at all", savedPortal, savedPortal},
		{"", "", ""},
		{"env.example.com", "", envPortal},
	} {
		if got := DefaultPortal(envOf(map[string]string{EnvPortal: tt.env}), tt.saved); got != tt.want {
			t.Errorf("DefaultPortal(env %q, saved %q) = %q, want %q", tt.env, tt.saved, got, tt.want)
		}
	}
}
