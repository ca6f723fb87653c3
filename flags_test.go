package main

import (
	"bytes"
	"strings"
	"testing"

	"github.com/docspace-wizard/docspace-wizard/cli"
)

// inProcess runs one command line of the program with its output captured and an
// empty environment; nothing in these tests gets as far as a portal.
func inProcess(args ...string) (code int, output string) {
	var out, errb bytes.Buffer
	env := cli.Env{Streams: cli.Streams{In: strings.NewReader(""), Out: &out, Err: &errb}, Getenv: func(string) string { return "" }}
	return execute(env, false, args), out.String() + errb.String()
}

// A bad flag value is one sentence and a pointer to --help, not the whole usage.
func TestBadFlagIsOneSentence(t *testing.T) {
	tests := []struct {
		args []string
		says string
	}{
		{[]string{"--room", "abc"}, `--room "abc" is not a room ID`},
		{[]string{"--yes", "--room", "12x", "--invite", "a@example.com"}, `--room "12x" is not a room ID`},
		{[]string{"--nope"}, "unknown flag --nope"},
		{[]string{"--title"}, "--title needs a value"},
		{[]string{"login", "--with-key=perhaps"}, `--with-key "perhaps" is not a valid value`},
		{[]string{"logout", "--bogus"}, "unknown flag --bogus"},
		{[]string{"--api-key", "sk-0123"}, "unknown flag --api-key: the API key comes from DOCSPACE_API_KEY or `docspace-wizard login`, never from a flag"},
		{[]string{"-access", "viewer"}, "-access: flags take two dashes: --access"},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			code, out := inProcess(tt.args...)
			if code != 2 {
				t.Errorf("exit %d, want %d", code, 2)
			}
			see := "; see docspace-wizard --help"
			if tt.args[0] == "login" || tt.args[0] == "logout" {
				see = "; see docspace-wizard " + tt.args[0] + " --help"
			}
			lines := strings.Split(strings.TrimSpace(out), "\n")
			if len(lines) != 1 || !strings.HasPrefix(lines[0], tt.says) || !strings.HasSuffix(lines[0], see) {
				t.Errorf("output is not one sentence saying %q and pointing to --help:\n%s", tt.says, out)
			}
		})
	}
	// --help still prints the whole usage.
	if code, out := inProcess("--help"); code != 0 || !strings.Contains(out, "--invite-file") || !strings.Contains(out, "Exit codes") {
		t.Errorf("--help: exit %d\n%s", code, out)
	}
}

// --portal "" (a script's unset variable) is an error, not "use the saved portal".
func TestEmptyPortalFlagIsAnError(t *testing.T) {
	for _, args := range [][]string{
		{"--yes", "--portal", "", "--title", "T", "--type", "custom"},
		{"--portal=  "},
		{"--accessible", "--portal", ""},
		{"login", "--portal", "", "--with-key"},
		{"logout", "--portal="},
	} {
		t.Run(strings.Join(args, " "), func(t *testing.T) {
			code, out := inProcess(args...)
			if code != 2 || !strings.HasPrefix(out, "--portal is empty: give the portal's address") {
				t.Errorf("exit %d, output:\n%s", code, out)
			}
		})
	}
}

// A DOCSPACE_BASE_URL that is not a portal address is named as the environment's, in
// the wizard and --accessible as in --yes.
func TestWizardNamesABadPortalFromTheEnvironment(t *testing.T) {
	for _, args := range [][]string{{"--accessible"}, {}} {
		var out, errb bytes.Buffer
		env := cli.Env{Streams: cli.Streams{In: strings.NewReader(""), Out: &out, Err: &errb, InTTY: true, OutTTY: true},
			Getenv: func(k string) string { return map[string]string{"DOCSPACE_BASE_URL": "http://portal.example.com"}[k] }}
		code := execute(env, false, args)
		want := "DOCSPACE_BASE_URL (set in the environment): the portal address uses http://, which would send the API key unencrypted: type https://portal.example.com instead. Fix or unset it, or pass --portal.\n"
		if code != 2 || errb.String() != want {
			t.Errorf("%v: exit %d, stderr:\n%s", args, code, errb.String())
		}
	}
}
