package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/docspace-wizard/docspace-wizard/cli"
	"github.com/docspace-wizard/docspace-wizard/docspace"
	"github.com/docspace-wizard/docspace-wizard/onboard"
)

func asIs(s string) string { return s }

// A CSV given to the wizard must mean in the people step what it means to --yes:
// columns in any order, either separator, names with commas, an empty access cell.
func TestInviteFileKeepsItsColumnsInTheWizard(t *testing.T) {
	csv := filepath.Join(t.TempDir(), "people.csv")
	body := "name;access;email\n\"Park, Dana\";viewer;dana@example.com\nLee Chen;;lee@example.com\nRobin;content creator;robin@example.com\n"
	if err := os.WriteFile(csv, []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
	pre, problems := prefill(cli.RunOptions{InviteFile: csv})
	if len(problems) > 0 {
		t.Fatalf("problems: %v", problems)
	}
	got := docspace.Merge(pre.File)
	want := []docspace.Invitee{
		{Email: "dana@example.com", Name: "Park, Dana", Access: docspace.AccessRead},
		{Email: "lee@example.com", Name: "Lee Chen"},
		{Email: "robin@example.com", Name: "Robin", Access: docspace.AccessContentCreator},
	}
	if got.Invalid != 0 || len(got.Invitees) != len(want) {
		t.Fatalf("read %d people, %d invalid: %+v", len(got.Invitees), got.Invalid, pre.File)
	}
	for i, w := range want {
		g := got.Invitees[i]
		if g.Email != w.Email || g.Name != w.Name || g.Access != w.Access {
			t.Errorf("person %d = %q %q %v, want %q %q %v", i+1, g.Name, g.Email, g.Access, w.Name, w.Email, w.Access)
		}
	}
}

// A row the file gets wrong reaches the wizard and --accessible as it was written, to
// show and explain in the people step (which cleans it: tui's TestPrefilledPeopleAreTakenAsRead).
func TestInviteFileRowsReachTheWizard(t *testing.T) {
	csv := filepath.Join(t.TempDir(), "people.csv")
	body := "email,access\nann@example.com,editor\n\x1b]0;pwned\x07bob\u202e@example,viewer\n"
	if err := os.WriteFile(csv, []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
	pre, problems := prefill(cli.RunOptions{InviteFile: csv})
	if len(problems) > 0 {
		t.Fatalf("problems: %v", problems)
	}
	if n := len(pre.File); n < 2 || pre.File[0].Err != "" || pre.File[n-1].Err == "" || !strings.Contains(pre.File[n-1].Raw, "]0;pwned") {
		t.Errorf("the file's rows reach the wizard as %+v", pre.File)
	}
}

// The wizard refuses what the scriptable path refuses: a message nobody would get,
// and an invite file with nobody in it.
func TestPrefillRefusesWhatWouldNotHappen(t *testing.T) {
	empty := filepath.Join(t.TempDir(), "people.csv")
	if err := os.WriteFile(empty, []byte("email,access\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		opts cli.RunOptions
		want string
	}{
		{cli.RunOptions{NoNotify: true, Message: "Hi"}, "--no-notify turns them off"},
		{cli.RunOptions{InviteFile: empty}, "the file lists no people"},
	} {
		_, problems := prefill(tt.opts)
		if !strings.Contains(strings.Join(problems, "\n"), tt.want) {
			t.Errorf("prefill(%+v) problems %q, want %q", tt.opts, problems, tt.want)
		}
	}
}

// A UTF-16 file without a byte-order mark (PowerShell's Out-File, some exports) reads
// as its text in the wizard and in --yes; a binary file is one sentence in both.
func TestInviteFileEncodingsInTheWizardAndYes(t *testing.T) {
	dir := t.TempDir()
	var be []byte
	for _, r := range "email,access\nann@example.com,editor\n" {
		be = append(be, 0, byte(r))
	}
	utf16 := filepath.Join(dir, "people.csv")
	binary := filepath.Join(dir, "people.xlsx")
	if err := os.WriteFile(utf16, be, 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(binary, []byte("PK\x03\x04\x14\x00\x06\x00"+strings.Repeat("\x00\xb5\x1f\x8c", 200)), 0o600); err != nil {
		t.Fatal(err)
	}

	pre, problems := prefill(cli.RunOptions{InviteFile: utf16})
	if len(problems) > 0 || len(pre.File) != 1 || pre.File[0].Invitee.Email != "ann@example.com" || pre.File[0].Invitee.Access != docspace.AccessEditing {
		t.Errorf("wizard: people %+v, problems %q", pre.File, problems)
	}
	plan, problems := onboard.Plan(cli.RunOptions{Title: "T", Type: "custom", InviteFile: utf16}.Inputs(), docspace.ReadInviteesFile, asIs)
	if len(problems) > 0 || len(plan.Invitees) != 1 || plan.Invitees[0].Email != "ann@example.com" {
		t.Errorf("--yes: invitees %+v, problems %q", plan.Invitees, problems)
	}

	want := binary + " is not a text file (it looks binary): export the list as CSV or plain text"
	if _, problems := prefill(cli.RunOptions{InviteFile: binary}); len(problems) != 1 || !strings.Contains(problems[0], want) || len(problems[0]) > len(want)+20 {
		t.Errorf("wizard: problems %q, want one saying %q", problems, want)
	}
	if _, problems := onboard.Plan(cli.RunOptions{Title: "T", Type: "custom", InviteFile: binary}.Inputs(), docspace.ReadInviteesFile, asIs); len(problems) != 1 || !strings.Contains(problems[0], want) || len(problems[0]) > len(want)+20 {
		t.Errorf("--yes: problems %q, want one saying %q", problems, want)
	}
}
