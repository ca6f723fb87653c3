package settings

import (
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"
)

func TestLoadMissingIsZero(t *testing.T) {
	for _, dir := range []string{t.TempDir(), filepath.Join(t.TempDir(), "not", "there")} {
		s, err := Load(dir)
		if err != nil {
			t.Fatalf("Load(%s): %v", dir, err)
		}
		if s.DefaultPortal != "" || s.Portals != nil || s.Last != (LastChoices{}) {
			t.Errorf("Load(%s) = %+v, want zero", dir, s)
		}
	}
}

func TestSaveLoadRoundTrip(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "docspace-wizard")
	notify := false
	want := Settings{
		DefaultPortal: "https://b.onlyoffice.com",
		Portals:       []string{"https://a.onlyoffice.com", "https://b.onlyoffice.com"},
		Last:          LastChoices{RoomType: 2, Access: 10, Notify: &notify},
	}
	if err := want.Save(dir); err != nil {
		t.Fatalf("Save: %v", err)
	}
	got, err := Load(dir)
	if err != nil {
		t.Fatalf("Load: %v", err)
	}
	if got.DefaultPortal != want.DefaultPortal || !slices.Equal(got.Portals, want.Portals) ||
		got.Last.RoomType != 2 || got.Last.Access != 10 || got.Last.Notify == nil || *got.Last.Notify {
		t.Errorf("round trip: got %+v, want %+v", got, want)
	}
	if runtime.GOOS != "windows" {
		assertMode(t, Path(dir), 0o600)
		assertMode(t, dir, 0o700)
	}
	assertOnlySettingsFile(t, dir)
}

func TestSaveReplacesAndTightensMode(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("file modes are not POSIX on Windows")
	}
	dir := t.TempDir()
	if err := os.WriteFile(Path(dir), []byte(`{"defaultPortal":"https://old.example"}`), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := (Settings{DefaultPortal: "https://new.example"}).Save(dir); err != nil {
		t.Fatalf("Save: %v", err)
	}
	got, err := Load(dir)
	if err != nil || got.DefaultPortal != "https://new.example" {
		t.Fatalf("Load = %+v, %v; want the new portal", got, err)
	}
	assertMode(t, Path(dir), 0o600)
	assertOnlySettingsFile(t, dir)
}

func TestLoadBadFileNamesPathAndFix(t *testing.T) {
	tests := []struct {
		name    string
		content string
		want    string
	}{
		{"garbage", "this is not json", "Fix it or delete it"},
		{"truncated", `{"defaultPortal": "https://a`, "Fix it or delete it"},
		{"wrong type", `{"portals": 5}`, "Fix it or delete it"},
		{"empty", ``, "Fix it or delete it"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			if err := os.WriteFile(Path(dir), []byte(tt.content), 0o600); err != nil {
				t.Fatal(err)
			}
			_, err := Load(dir)
			var se *Error
			if !errors.As(err, &se) {
				t.Fatalf("Load error = %v (%T), want *Error", err, err)
			}
			msg := err.Error()
			if !strings.Contains(msg, Path(dir)) || !strings.Contains(msg, tt.want) {
				t.Errorf("error %q should name %s and say %q", msg, Path(dir), tt.want)
			}
		})
	}
}

func TestLoadUnreadable(t *testing.T) {
	dir := t.TempDir()
	// A directory where the file should be cannot be read, even by root.
	if err := os.Mkdir(Path(dir), 0o700); err != nil {
		t.Fatal(err)
	}
	_, err := Load(dir)
	if err == nil || !strings.Contains(err.Error(), Path(dir)) || !strings.Contains(err.Error(), "delete it") {
		t.Fatalf("Load error = %v, want one naming the path and what to do", err)
	}
}

func TestSaveUnwritable(t *testing.T) {
	parent := t.TempDir()
	dir := filepath.Join(parent, "file-not-dir")
	if err := os.WriteFile(dir, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	err := (Settings{DefaultPortal: "https://a.example"}).Save(dir)
	var se *Error
	if !errors.As(err, &se) || se.Op != "writing" || !strings.Contains(err.Error(), Path(dir)) {
		t.Fatalf("Save error = %v, want a writing *Error naming %s", err, Path(dir))
	}
}

func TestPortals(t *testing.T) {
	var s Settings
	if !s.AddPortal("https://a.example") || s.AddPortal("https://a.example") || s.AddPortal("") {
		t.Fatalf("AddPortal should add once and ignore duplicates and empty: %v", s.Portals)
	}
	s.UsePortal("https://b.example")
	s.UsePortal("https://b.example")
	if s.DefaultPortal != "https://b.example" {
		t.Errorf("DefaultPortal = %q", s.DefaultPortal)
	}
	if want := []string{"https://a.example", "https://b.example"}; !slices.Equal(s.Portals, want) {
		t.Errorf("Portals = %v, want %v", s.Portals, want)
	}
	if want := []string{"https://b.example", "https://a.example"}; !slices.Equal(s.KnownPortals(), want) {
		t.Errorf("KnownPortals = %v, want default first %v", s.KnownPortals(), want)
	}
	// A default that was never added (hand-edited file) is still known.
	h := Settings{DefaultPortal: "https://c.example", Portals: []string{"https://a.example"}}
	if want := []string{"https://c.example", "https://a.example"}; !slices.Equal(h.KnownPortals(), want) {
		t.Errorf("KnownPortals = %v, want %v", h.KnownPortals(), want)
	}
}

func TestDir(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("XDG_CONFIG_HOME decides os.UserConfigDir only on Linux/BSD")
	}
	base := t.TempDir()
	t.Setenv("XDG_CONFIG_HOME", base)
	got, err := Dir()
	if err != nil || got != filepath.Join(base, "docspace-wizard") {
		t.Fatalf("Dir() = %q, %v", got, err)
	}
}

func FuzzLoad(f *testing.F) {
	f.Add([]byte(`{"defaultPortal":"https://a.example","portals":["https://a.example"],"last":{"roomType":2,"notify":true}}`))
	f.Add([]byte(`{"last":null}`))
	f.Add([]byte("\xff\xfe"))
	f.Fuzz(func(t *testing.T, data []byte) {
		dir := t.TempDir()
		if err := os.WriteFile(Path(dir), data, 0o600); err != nil {
			t.Fatal(err)
		}
		s, err := Load(dir)
		if err != nil {
			if !strings.Contains(err.Error(), Path(dir)) {
				t.Fatalf("error %q does not name the file", err)
			}
			return
		}
		// Whatever loads must save and load back the same.
		if err := s.Save(dir); err != nil {
			t.Fatalf("Save: %v", err)
		}
		if _, err := Load(dir); err != nil {
			t.Fatalf("reload: %v", err)
		}
	})
}

func assertMode(t *testing.T, path string, want os.FileMode) {
	t.Helper()
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if got := fi.Mode().Perm(); got != want {
		t.Errorf("%s mode = %o, want %o", path, got, want)
	}
}

func assertOnlySettingsFile(t *testing.T, dir string) {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) != 1 || entries[0].Name() != FileName {
		var names []string
		for _, e := range entries {
			names = append(names, e.Name())
		}
		t.Errorf("directory holds %v, want only %s (no temp files left)", names, FileName)
	}
}

// DOCSPACE_WIZARD_CONFIG_DIR moves the settings directory (tests, portable setups).
func TestDirOverride(t *testing.T) {
	dir := t.TempDir()
	t.Setenv(ConfigDirEnv, dir)
	got, err := Dir()
	if err != nil || got != dir {
		t.Fatalf("Dir() = %q, %v; want %q", got, err, dir)
	}
	t.Setenv(ConfigDirEnv, "relative/dir")
	got, err = Dir()
	if err != nil || !filepath.IsAbs(got) || !strings.HasSuffix(got, filepath.Join("relative", "dir")) {
		t.Fatalf("Dir() = %q, %v; want the absolute form of relative/dir", got, err)
	}
}
