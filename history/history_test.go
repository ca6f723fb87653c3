package history

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"
)

func rec(id string, t time.Time, people int) Record {
	r := Record{ID: id, Time: t, Kind: KindRun, Portal: "https://p.example.com", Via: "yes", Status: "complete",
		Rooms: []Room{{ID: 101, Title: "Sales", Created: true}}}
	for i := range people {
		r.Rooms[0].People = append(r.Rooms[0].People, Person{Email: fmt.Sprintf("p%d@example.com", i), Access: 10, Outcome: OutcomeAdded})
	}
	return r
}

func TestAppendMakesPrivateFileAndReadsBack(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "state", "docspace-wizard")
	t0 := time.Date(2026, 11, 27, 14, 0, 0, 0, time.UTC)
	if err := Append(dir, rec("b", t0.Add(time.Minute), 1)); err != nil {
		t.Fatal(err)
	}
	if err := Append(dir, rec("a", t0, 2)); err != nil {
		t.Fatal(err)
	}
	if runtime.GOOS != "windows" {
		for path, want := range map[string]os.FileMode{dir: 0o700, Path(dir): 0o600} {
			fi, err := os.Stat(path)
			if err != nil {
				t.Fatal(err)
			}
			if got := fi.Mode().Perm(); got != want {
				t.Errorf("%s has mode %o, want %o", path, got, want)
			}
		}
	}
	recs, notes, err := Load(dir)
	if err != nil || len(notes) != 0 {
		t.Fatalf("Load: %v %v", err, notes)
	}
	if len(recs) != 2 || recs[0].ID != "a" || recs[1].ID != "b" || len(recs[0].Rooms[0].People) != 2 {
		t.Fatalf("Load = %+v, want a then b (oldest first)", recs)
	}
}

func TestConcurrentAppendsDoNotInterleave(t *testing.T) {
	dir := t.TempDir()
	const n = 40
	var wg sync.WaitGroup
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			// Big records, so a split write would show as a broken line.
			if err := Append(dir, rec(fmt.Sprintf("r%02d", i), time.Now(), 300)); err != nil {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	recs, notes, err := Load(dir)
	if err != nil || len(notes) > 0 {
		t.Fatalf("Load: %v, notes %v", err, notes)
	}
	if len(recs) != n {
		t.Fatalf("%d records read back, want %d", len(recs), n)
	}
}

func TestCorruptAndForeignLinesAreSkippedWithANote(t *testing.T) {
	dir := t.TempDir()
	if err := Append(dir, rec("good-1", time.Now(), 1)); err != nil {
		t.Fatal(err)
	}
	f, err := os.OpenFile(Path(dir), os.O_APPEND|os.O_WRONLY, 0o600)
	if err != nil {
		t.Fatal(err)
	}
	_, _ = f.WriteString("{\"id\":\"cut-short\",\"kind\":\"run\",\"portal\":\"https://x\n")
	_, _ = f.WriteString("{\"hello\":\"world\"}\n\n")
	_, _ = f.WriteString(strings.Repeat("x", maxLine+10) + "\n")
	_ = f.Close()
	if err := Append(dir, rec("good-2", time.Now().Add(time.Second), 1)); err != nil {
		t.Fatal(err)
	}
	recs, notes, err := Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(recs) != 2 || recs[0].ID != "good-1" || recs[1].ID != "good-2" {
		t.Errorf("records = %+v, want good-1 and good-2", recs)
	}
	want := []string{"line 2 of the history is not a record (corrupt", "line 3 of the history is not a record of this program", "line 5 of the history is too long"}
	if len(notes) != len(want) {
		t.Fatalf("notes = %q, want %d", notes, len(want))
	}
	for i, w := range want {
		if !strings.HasPrefix(notes[i], w) {
			t.Errorf("note %d = %q, want it to start %q", i, notes[i], w)
		}
	}
}

func TestMissingHistoryIsEmpty(t *testing.T) {
	recs, notes, err := Load(filepath.Join(t.TempDir(), "none"))
	if err != nil || len(recs) != 0 || len(notes) != 0 {
		t.Errorf("Load of no file = %v %v %v", recs, notes, err)
	}
}

func TestDirFollowsThePlatform(t *testing.T) {
	env := func(kv ...string) func(string) string {
		m := map[string]string{}
		for i := 0; i+1 < len(kv); i += 2 {
			m[kv[i]] = kv[i+1]
		}
		return func(k string) string { return m[k] }
	}
	if d, _ := Dir(env(EnvDir, "/tmp/x", "HOME", "/home/a")); d != "/tmp/x" {
		t.Errorf("override: %q", d)
	}
	switch runtime.GOOS {
	case "linux", "freebsd", "openbsd", "netbsd":
		if d, _ := Dir(env("XDG_STATE_HOME", "/st", "HOME", "/home/a")); d != "/st/docspace-wizard" {
			t.Errorf("XDG_STATE_HOME: %q", d)
		}
		if d, _ := Dir(env("XDG_STATE_HOME", "relative", "HOME", "/home/a")); d != "/home/a/.local/state/docspace-wizard" {
			t.Errorf("relative XDG_STATE_HOME must be ignored: %q", d)
		}
		if _, err := Dir(env()); err == nil || !strings.Contains(err.Error(), EnvDir) {
			t.Errorf("no HOME: %v", err)
		}
	}
}

// Each platform's usual place for an application's state; a relative XDG_STATE_HOME
// is ignored, as os.UserConfigDir ignores a relative XDG_CONFIG_HOME.
func TestDirOnEachPlatform(t *testing.T) {
	for _, tc := range []struct {
		goos string
		env  map[string]string
		want string
	}{
		{"linux", map[string]string{"HOME": "/home/ann"}, filepath.Join("/home/ann", ".local", "state", "docspace-wizard")},
		{"linux", map[string]string{"HOME": "/home/ann", "XDG_STATE_HOME": "/xdg/state"}, filepath.Join("/xdg/state", "docspace-wizard")},
		{"linux", map[string]string{"HOME": "/home/ann", "XDG_STATE_HOME": "relative"}, filepath.Join("/home/ann", ".local", "state", "docspace-wizard")},
		{"freebsd", map[string]string{"HOME": "/home/ann"}, filepath.Join("/home/ann", ".local", "state", "docspace-wizard")},
		{"darwin", map[string]string{"HOME": "/Users/ann"}, filepath.Join("/Users/ann", "Library", "Application Support", "docspace-wizard")},
		{"windows", map[string]string{"LocalAppData": `C:\Users\ann\AppData\Local`}, filepath.Join(`C:\Users\ann\AppData\Local`, "docspace-wizard")},
		{"windows", map[string]string{EnvDir: `D:\state`}, `D:\state`},
	} {
		got, err := dirOn(tc.goos, func(k string) string { return tc.env[k] })
		if err != nil || got != tc.want {
			t.Errorf("%s %v: %q, %v; want %q", tc.goos, tc.env, got, err, tc.want)
		}
	}
	if _, err := dirOn("windows", func(string) string { return "" }); err == nil {
		t.Error("windows without LocalAppData: no error")
	}
}

func TestFindAndLatest(t *testing.T) {
	t0 := time.Now()
	undo := Record{ID: "20261127-150000-cccc", Time: t0.Add(3 * time.Minute), Kind: KindUndo, Portal: "https://p", Undoes: "20261127-140000-aaaa",
		Rooms: []Room{{ID: 1, People: []Person{{Email: "a@x", Outcome: OutcomeRemoved}}}}}
	noop := rec("20261127-145000-bbbb", t0.Add(2*time.Minute), 1)
	noop.Rooms[0].Created, noop.Rooms[0].People[0].Outcome = false, OutcomeAlreadyMember
	recs := []Record{rec("20261127-140000-aaaa", t0, 1), rec("20261127-141000-abcd", t0.Add(time.Minute), 1), noop, undo}
	if r, ok := LatestRun(recs); !ok || r.ID != "20261127-141000-abcd" {
		t.Errorf("LatestRun = %v %v: want the newest run that wrote something, never an undo", r.ID, ok)
	}
	if r, err := Find(recs, "20261127-1410"); err != nil || r.ID != "20261127-141000-abcd" {
		t.Errorf("Find by prefix = %v, %v", r.ID, err)
	}
	if _, err := Find(recs, "20261127-14"); err == nil || !strings.Contains(err.Error(), "names 3 runs") {
		t.Errorf("ambiguous prefix: %v", err)
	}
	if _, err := Find(recs, "nope"); err == nil || !strings.Contains(err.Error(), "docspace-wizard history") {
		t.Errorf("unknown: %v", err)
	}
	if u := UndosOf(recs, "20261127-140000-aaaa"); len(u) != 1 || u[0].ID != undo.ID {
		t.Errorf("UndosOf = %v", u)
	}
}

func TestLoadCleansWhatTheFileSays(t *testing.T) {
	dir := t.TempDir()
	r := rec("evil", time.Now(), 1)
	r.Rooms[0].Title = "Sales\x1b]0;pwned\x07\x1b[2J"
	r.Rooms[0].People[0].Name = "Ann\u202eevil"
	if err := Append(dir, r); err != nil {
		t.Fatal(err)
	}
	recs, _, err := Load(dir)
	if err != nil || len(recs) != 1 {
		t.Fatal(err)
	}
	for _, s := range []string{recs[0].Rooms[0].Title, recs[0].Rooms[0].People[0].Name} {
		if strings.ContainsAny(s, "\x1b\x07\u202e") {
			t.Errorf("%q read back with control or bidi characters", s)
		}
	}
}

func TestAppendNarrowsAWideFile(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("no Unix modes")
	}
	dir := t.TempDir()
	if err := os.WriteFile(Path(dir), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(Path(dir), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := Append(dir, rec("x", time.Now(), 1)); err != nil {
		t.Fatal(err)
	}
	if fi, _ := os.Stat(Path(dir)); fi.Mode().Perm() != 0o600 {
		t.Errorf("mode %o, want 600", fi.Mode().Perm())
	}
}
