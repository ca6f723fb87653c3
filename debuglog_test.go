package main

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/docspace-wizard/docspace-wizard/cli"
	"github.com/docspace-wizard/docspace-wizard/docspace/docspacetest"
	"github.com/docspace-wizard/docspace-wizard/internal/secretscan"
)

// A --debug log of a whole --demo run has a line for every request the portal saw
// (checked against the demo portal's own request log), and neither the key nor any
// invitee's address.
func TestDebugLogOfADemoRun(t *testing.T) {
	dir := t.TempDir()
	debug, demo := filepath.Join(dir, "debug.log"), filepath.Join(dir, "demo.log")
	code, out, errs := runCmd(cli.Env{ConfigDir: dir}, "--demo", "--yes", "--title", "Support case", "--type", "collaboration",
		"--invite", "ann.lee@example.com=editor, newcomer@example.org", "--debug", debug, "--demo-log", demo)
	if code != 0 {
		t.Fatalf("exit %d\nstdout:\n%s\nstderr:\n%s", code, out, errs)
	}
	log, err := os.ReadFile(debug)
	if err != nil {
		t.Fatal(err)
	}
	seen, err := os.ReadFile(demo)
	if err != nil {
		t.Fatal(err)
	}
	// The demo log: "15:04:05.000 METHOD /path?query status", bodies indented below.
	call := regexp.MustCompile(`^\S+ (\S+) ([^?\s]+)\S* (\d+)$`)
	var calls []string
	for _, line := range strings.Split(string(seen), "\n") {
		if m := call.FindStringSubmatch(line); m != nil {
			calls = append(calls, "method="+m[1]+" path="+m[2]+" ")
		}
	}
	if len(calls) < 3 {
		t.Fatalf("the demo portal saw only %d calls:\n%s", len(calls), seen)
	}
	var requests []string
	for _, line := range strings.Split(string(log), "\n") {
		if strings.Contains(line, "msg=request ") {
			requests = append(requests, line)
		}
	}
	if len(requests) != len(calls) {
		t.Errorf("%d request lines in the debug log, the portal saw %d calls\ndebug log:\n%s\ndemo log:\n%s", len(requests), len(calls), log, seen)
	}
	for _, c := range calls {
		found := false
		for _, r := range requests {
			found = found || strings.Contains(r, c)
		}
		if !found {
			t.Errorf("no debug line for %q", c)
		}
	}
	for _, want := range []string{"msg=start", "command=docspace-wizard", "msg=end exit=0", "status=200", "duration="} {
		if !strings.Contains(string(log), want) {
			t.Errorf("the debug log lacks %q:\n%s", want, log)
		}
	}
	if secretscan.Leaks(log, docspacetest.DemoKey) {
		t.Error("the debug log holds the API key")
	}
	for _, addr := range []string{"ann.lee@example.com", "newcomer@example.org"} {
		if strings.Contains(string(log), addr) {
			t.Errorf("the debug log shows %q", addr)
		}
	}
	if m := regexp.MustCompile(`\w@\w`).Find(log); m != nil {
		t.Errorf("the debug log shows an address (%q)", m)
	}
	if info, err := os.Stat(debug); err == nil && info.Mode().Perm()&0o077 != 0 {
		t.Errorf("the debug log's mode is %v; want owner-only", info.Mode().Perm())
	}
}

// DOCSPACE_WIZARD_DEBUG turns the log on like --debug; a file that cannot be opened
// is said in a sentence (exit 2), before anything runs.
func TestDebugLogFromEnvAndUnwritable(t *testing.T) {
	dir := t.TempDir()
	debug := filepath.Join(dir, "env.log")
	getenv := func(k string) string { return map[string]string{debugEnv: debug}[k] }
	if code, _, errs := runCmd(cli.Env{Getenv: getenv, ConfigDir: dir}, "status"); code == 0 && errs == "" {
		t.Logf("status ended 0")
	}
	if b, err := os.ReadFile(debug); err != nil || !strings.Contains(string(b), "command=\"docspace-wizard status\"") {
		t.Errorf("DOCSPACE_WIZARD_DEBUG wrote %q, %v", b, err)
	}
	code, _, errs := runCmd(cli.Env{ConfigDir: dir}, "status", "--debug", filepath.Join(dir, "missing", "dir", "x.log"))
	if code != 2 || !strings.Contains(errs, "Could not open the debug log") || !strings.Contains(errs, "--debug") {
		t.Errorf("unwritable: exit %d, stderr %q", code, errs)
	}
}

// The wizard under Git Bash's mintty on Windows (no console) says so and suggests
// winpty or Windows Terminal instead of trying to draw.
func TestWizardUnderMinttySuggestsWinpty(t *testing.T) {
	getenv := func(k string) string { return map[string]string{"MSYSTEM": "MINGW64", "TERM": "xterm"}[k] }
	code, _, errs := runCmd(cli.Env{OS: "windows", Getenv: getenv, ConfigDir: t.TempDir()}, "--demo")
	if code != 2 || !strings.Contains(errs, "The wizard needs a terminal") || !strings.Contains(errs, "winpty docspace-wizard") {
		t.Errorf("exit %d, stderr:\n%s", code, errs)
	}
}
