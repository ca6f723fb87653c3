package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"io"
	"io/fs"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/creack/pty"

	"github.com/docspace-wizard/docspace-wizard/cli"
	"github.com/docspace-wizard/docspace-wizard/docspace"
	"github.com/docspace-wizard/docspace-wizard/docspace/docspacetest"
	"github.com/docspace-wizard/docspace-wizard/internal/faultmatrix"
	"github.com/docspace-wizard/docspace-wizard/onboard"
	"github.com/docspace-wizard/docspace-wizard/settings"
)

// runCmd runs one command line in process over env (its streams are replaced) and
// returns the exit code, stdout and stderr.
func runCmd(env cli.Env, args ...string) (code int, stdout, stderr string) {
	var out, errb bytes.Buffer
	env.Streams.In, env.Streams.Out, env.Streams.Err = strings.NewReader(""), &out, &errb
	if env.Getenv == nil {
		env.Getenv = func(string) string { return "" }
	}
	code = execute(env, false, args)
	return code, out.String(), errb.String()
}

// Help goes to stdout, whole, with examples, for --help, -h and the help command.
func TestHelpOnStdoutWithExamples(t *testing.T) {
	for _, args := range [][]string{{"--help"}, {"-h"}, {"help"}} {
		code, out, errs := runCmd(cli.Env{}, args...)
		if code != 0 || errs != "" {
			t.Errorf("%v: exit %d, stderr %q", args, code, errs)
		}
		for _, want := range []string{"EXAMPLES", "docspace-wizard --yes --title", "--invite-file", "it is never a flag", "Exit codes", "login", "status"} {
			if !strings.Contains(out, want) {
				t.Errorf("%v: stdout lacks %q:\n%s", args, want, out)
			}
		}
	}
	// Each command's help, through `help <command>` as through --help.
	for _, args := range [][]string{{"help", "status"}, {"status", "--help"}} {
		code, out, _ := runCmd(cli.Env{}, args...)
		if code != 0 || !strings.Contains(out, "--json") || !strings.Contains(out, "docspace-wizard status --json") {
			t.Errorf("%v: exit %d, stdout:\n%s", args, code, out)
		}
	}
}

// A typo'd flag is one line on stderr, nothing on stdout, exit 2.
func TestUnknownFlagIsOneLine(t *testing.T) {
	code, out, errs := runCmd(cli.Env{}, "--bogus")
	if code != 2 || out != "" || errs != "unknown flag --bogus; see docspace-wizard --help\n" {
		t.Errorf("exit %d, stdout %q, stderr %q", code, out, errs)
	}
	// A mistyped command is told the command it is close to.
	if code, _, errs := runCmd(cli.Env{}, "stauts"); code != 2 || !strings.Contains(errs, "did you mean status?") {
		t.Errorf("stauts: exit %d, stderr %q", code, errs)
	}
}

// completions runs the shell's completion request and returns the values offered.
func completions(t *testing.T, env cli.Env, args ...string) []string {
	t.Helper()
	code, out, _ := runCmd(env, append([]string{"__complete"}, args...)...)
	if code != 0 {
		t.Fatalf("__complete %v: exit %d", args, code)
	}
	var values []string
	for _, line := range strings.Split(strings.TrimSpace(out), "\n") {
		if strings.HasPrefix(line, ":") { // the directive
			continue
		}
		v, _, _ := strings.Cut(line, "\t")
		values = append(values, v)
	}
	return values
}

// --type and --access complete to the values the program accepts, --portal to the
// portals in the settings file.
func TestShellCompletions(t *testing.T) {
	types := completions(t, cli.Env{}, "--type", "")
	if len(types) != len(docspace.RoomTypes()) {
		t.Errorf("--type completes to %q, want one per room type", types)
	}
	seen := map[docspace.RoomType]bool{}
	for _, v := range types {
		rt, err := docspace.ParseRoomType(v)
		if err != nil {
			t.Errorf("--type completion %q: %v", v, err)
		}
		seen[rt] = true
	}
	if len(seen) != len(docspace.RoomTypes()) {
		t.Errorf("--type completions %q do not name every room type", types)
	}

	access := completions(t, cli.Env{}, "--access", "")
	if len(access) != 7 {
		t.Errorf("--access completes to %q, want the 7 room access levels", access)
	}
	for _, v := range access {
		if _, err := docspace.ParseAccess(v); err != nil {
			t.Errorf("--access completion %q: %v", v, err)
		}
	}
	if got := completions(t, cli.Env{}, "--access", "ed"); !slices.Equal(got, []string{"editor"}) {
		t.Errorf("--access ed completes to %q, want editor", got)
	}

	dir := t.TempDir()
	s := settings.Settings{DefaultPortal: "https://a.onlyoffice.com", Portals: []string{"https://b.example.com"}}
	if err := s.Save(dir); err != nil {
		t.Fatal(err)
	}
	want := []string{"https://a.onlyoffice.com", "https://b.example.com"}
	for _, args := range [][]string{{"--portal", ""}, {"login", "--portal", ""}, {"logout", "--portal", ""}} {
		if got := completions(t, cli.Env{ConfigDir: dir}, args...); !slices.Equal(got, want) {
			t.Errorf("%v completes to %q, want %q", args, got, want)
		}
	}

	for _, shell := range []string{"bash", "zsh", "fish", "powershell"} {
		code, out, _ := runCmd(cli.Env{}, "completion", shell)
		if code != 0 || !strings.Contains(out, "docspace-wizard") || !strings.Contains(out, "__complete") {
			t.Errorf("completion %s: exit %d, %d bytes", shell, code, len(out))
		}
	}
}

// --version, -v and the version command print the same line on stdout.
func TestVersionFlag(t *testing.T) {
	want := "docspace-wizard " + versionString() + "\n"
	for _, args := range [][]string{{"--version"}, {"-v"}, {"version"}} {
		if code, out, errs := runCmd(cli.Env{}, args...); code != 0 || out != want || errs != "" {
			t.Errorf("%v: exit %d, stdout %q, stderr %q; want %q", args, code, out, errs, want)
		}
	}
}

// status --json is what status prints, as JSON on stdout, and never the key.
func TestStatusJSON(t *testing.T) {
	key := randomKey(t)
	portal, srv := docspacetest.NewServer(docspacetest.WithDemoData(), docspacetest.WithKey(docspacetest.NewKey(key, "rooms:write", "accounts:read", "accounts.self:read")))
	defer srv.Close()
	getenv := func(k string) string {
		return map[string]string{"DOCSPACE_BASE_URL": portal.URL(), "DOCSPACE_API_KEY": key}[k]
	}
	env := cli.Env{Getenv: getenv, HTTPClient: srv.Client(), ConfigDir: t.TempDir()}
	code, out, errs := runCmd(env, "status", "--json")
	if code != 0 {
		t.Fatalf("exit %d\nstdout:\n%s\nstderr:\n%s", code, out, errs)
	}
	if shows(out, key) || shows(errs, key) {
		t.Errorf("the key shows:\n%s%s", out, errs)
	}
	var st struct {
		DefaultPortal string `json:"defaultPortal"`
		Works         bool   `json:"works"`
		Portals       []struct {
			Portal    string `json:"portal"`
			Default   bool   `json:"default"`
			KeySource string `json:"keySource"`
			State     string `json:"state"`
			User      struct{ Name, Email, Role string }
			Key       struct {
				Name      string     `json:"name"`
				EndsWith  string     `json:"endsWith"`
				Scopes    []string   `json:"scopes"`
				ExpiresAt *time.Time `json:"expiresAt"`
			} `json:"key"`
		} `json:"portals"`
	}
	if err := json.Unmarshal([]byte(out), &st); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, out)
	}
	if len(st.Portals) != 1 {
		t.Fatalf("%d portals, want 1:\n%s", len(st.Portals), out)
	}
	p := st.Portals[0]
	if !st.Works || st.DefaultPortal != portal.URL() || p.Portal != portal.URL() || !p.Default || p.KeySource != "environment" ||
		p.State != "accepted" || p.User.Email != "alex@demo.example" || p.User.Role != "owner" ||
		p.Key.Name != "Test key" || p.Key.EndsWith != key[len(key)-4:] || !slices.Equal(p.Key.Scopes, []string{"rooms:write", "accounts:read", "accounts.self:read"}) || p.Key.ExpiresAt != nil {
		t.Errorf("status --json:\n%s", out)
	}

	// Nothing configured: still JSON on stdout, exit 4, the sentence on stderr.
	code, out, errs = runCmd(cli.Env{ConfigDir: t.TempDir()}, "status", "--json")
	var empty map[string]any
	if code != 4 || json.Unmarshal([]byte(out), &empty) != nil || empty["works"] != false || !strings.Contains(errs, "No portal known yet") {
		t.Errorf("nothing configured: exit %d\nstdout:\n%s\nstderr:\n%s", code, out, errs)
	}
}

// --invite values are split by the program's own rules, not CSV's: a quoted name
// with a comma stays one person, commas between addresses separate people.
func TestInviteKeepsCommasForTheProgram(t *testing.T) {
	code, out, errs := runCmd(cli.Env{}, "--demo", "--yes", "--json", "--title", "Commas", "--type", "custom",
		"--invite", `"Park, Dana" <dana@example.com>`, "--invite", "ann@example.com, bob@example.com")
	if code != 0 {
		t.Fatalf("exit %d\nstdout:\n%s\nstderr:\n%s", code, out, errs)
	}
	var sum struct {
		Invitees []struct{ Email, Name string }
	}
	if err := json.Unmarshal([]byte(out), &sum); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, out)
	}
	var got []string
	for _, i := range sum.Invitees {
		got = append(got, i.Name+" <"+i.Email+">")
	}
	want := []string{"Park, Dana <dana@example.com>", " <ann@example.com>", " <bob@example.com>"}
	if !slices.Equal(got, want) {
		t.Errorf("invitees %q, want %q", got, want)
	}
}

// Every way a command can end reaches the process as its documented exit code, the
// one the help text lists, through the typed error RunE returns.
func TestExitCodesThroughTypedErrors(t *testing.T) {
	for end, want := range map[onboard.End]int{
		onboard.EndDone: 0, onboard.EndFailed: 1, onboard.EndInvalid: 2, onboard.EndPartial: 3,
		onboard.EndKeyRefused: 4, onboard.EndInterrupted: 130, onboard.EndTerminated: 143,
	} {
		if got := exitCode(exitWith(end)); got != want {
			t.Errorf("%v comes out as exit %d, want %d", end, got, want)
		}
		if want != 0 && !strings.Contains(rootLong, fmt.Sprintf("%d ", want)) {
			t.Errorf("the help text does not list exit %d (%v)", want, end)
		}
	}
	if got := exitCode(errors.New("write /dev/stdout: broken pipe")); got != 1 {
		t.Errorf("an untyped error exits %d, want 1", got)
	}
	// A run's status, as the wizard and --yes end with it.
	for s, want := range map[docspace.Status]int{
		docspace.StatusComplete: 0, docspace.StatusFailed: 1, docspace.StatusInvalid: 2,
		docspace.StatusPartial: 3, docspace.StatusKeyRejected: 4, docspace.StatusInterrupted: 130,
	} {
		if got := exitCode(exitWith(onboard.RunEnd(s))); got != want {
			t.Errorf("a run that ended %v exits %d, want %d", s, got, want)
		}
	}
	// Through the commands: no portal known is 4, as status says.
	if code, _, _ := runCmd(cli.Env{ConfigDir: t.TempDir()}, "status"); code != 4 {
		t.Errorf("status with nothing configured: exit %d, want 4", code)
	}
}

// The fault-matrix goldens of cli and tui print each case's end as the exit code
// main gives it.
func TestFaultMatrixCellsAreMainsExitCodes(t *testing.T) {
	for _, end := range []onboard.End{onboard.EndDone, onboard.EndFailed, onboard.EndPartial, onboard.EndKeyRefused} {
		if got, want := faultmatrix.Cell(end), fmt.Sprint(exitCode(exitWith(end))); got != want {
			t.Errorf("faultmatrix.Cell(%v) = %q, main exits %s", end, got, want)
		}
	}
}

// Exit codes are main's: no other package declares one (a name starting with "exit")
// or writes 130 or 143, so the front-ends say how a command ended (onboard.End) and
// the number is decided in one place.
func TestOnlyMainMapsExitCodes(t *testing.T) {
	err := filepath.WalkDir(".", func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (strings.HasPrefix(d.Name(), ".") || d.Name() == "testdata") && path != "." {
			return filepath.SkipDir
		}
		if d.IsDir() || filepath.Dir(path) == "." || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return nil
		}
		f, err := parser.ParseFile(token.NewFileSet(), path, nil, 0)
		if err != nil {
			return err
		}
		var names []*ast.Ident // the file's package-level names
		for _, decl := range f.Decls {
			switch decl := decl.(type) {
			case *ast.FuncDecl:
				names = append(names, decl.Name)
			case *ast.GenDecl:
				for _, spec := range decl.Specs {
					switch spec := spec.(type) {
					case *ast.ValueSpec:
						names = append(names, spec.Names...)
					case *ast.TypeSpec:
						names = append(names, spec.Name)
					}
				}
			}
		}
		for _, name := range names {
			if strings.HasPrefix(strings.ToLower(name.Name), "exit") {
				t.Errorf("%s declares %s: exit codes are main's; return an onboard.End", path, name.Name)
			}
		}
		ast.Inspect(f, func(n ast.Node) bool {
			if lit, ok := n.(*ast.BasicLit); ok && lit.Kind == token.INT && (lit.Value == "130" || lit.Value == "143") {
				t.Errorf("%s writes %s: exit codes are main's; return an onboard.End", path, lit.Value)
			}
			return true
		})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// The built binary: the man page, and errors without escape sequences on a pipe
// and on a terminal with NO_COLOR set (to anything, as no-color.org says).
func TestBinaryManPageAndPlainErrors(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	bin := buildBinary(t, t.TempDir())
	sb := newSandbox(t, "")

	res := sb.run(t, bin, "", "man")
	if res.code != 0 || !strings.HasPrefix(res.stdout, ".TH DOCSPACE-WIZARD 1 ") || !strings.Contains(res.stdout, "--invite") {
		t.Errorf("man: exit %d, stdout starts %.200q, stderr %q", res.code, res.stdout, res.stderr)
	}

	res = sb.run(t, bin, "", "--bogus")
	if res.code != 2 || res.stderr != "unknown flag --bogus; see docspace-wizard --help\n" {
		t.Errorf("--bogus on a pipe: exit %d, stderr %q", res.code, res.stderr)
	}

	if runtime.GOOS == "windows" {
		return
	}
	onTerminal := func(env ...string) string {
		t.Helper()
		ptmx, tty, err := pty.Open()
		if err != nil {
			t.Skipf("no pseudo-terminal: %v", err)
		}
		defer func() { _ = ptmx.Close() }()
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		cmd := exec.CommandContext(ctx, bin, "--bogus")
		cmd.Env = append(append([]string(nil), sb.env...), env...)
		// stdout is a pipe: with it on a terminal, fang asks the terminal for its
		// background colour first, and this one does not answer.
		cmd.Stdin, cmd.Stdout, cmd.Stderr = tty, io.Discard, tty
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		_ = tty.Close()
		var out bytes.Buffer
		_, _ = io.Copy(&out, ptmx) // ends with EIO once the program has exited
		if err := cmd.Wait(); err == nil || cmd.ProcessState.ExitCode() != 2 {
			t.Errorf("--bogus on a terminal: %v", err)
		}
		return out.String()
	}
	if got := onTerminal("NO_COLOR=yes", "TERM=xterm-256color"); strings.Contains(got, "\x1b") || !strings.Contains(got, "unknown flag --bogus; see docspace-wizard --help") {
		t.Errorf("NO_COLOR=yes on a terminal: %q", got)
	}
	// Without NO_COLOR the terminal gets colour: the check above can see it.
	if got := onTerminal("TERM=xterm-256color"); !strings.Contains(got, "\x1b[") {
		t.Errorf("no colour on a terminal without NO_COLOR: %q", got)
	}
}
