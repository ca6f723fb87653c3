package main

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/docspace-wizard/docspace-wizard/cli"
	"github.com/docspace-wizard/docspace-wizard/docspace"
)

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
	got := docspace.ParseInvitees(pre.Invitees)
	want := []docspace.Invitee{
		{Email: "dana@example.com", Name: "Park, Dana", Access: docspace.AccessRead},
		{Email: "lee@example.com", Name: "Lee Chen"},
		{Email: "robin@example.com", Name: "Robin", Access: docspace.AccessContentCreator},
	}
	if got.Invalid != 0 || len(got.Invitees) != len(want) {
		t.Fatalf("parsed %d people, %d invalid, from:\n%s", len(got.Invitees), got.Invalid, pre.Invitees)
	}
	for i, w := range want {
		g := got.Invitees[i]
		if g.Email != w.Email || g.Name != w.Name || g.Access != w.Access {
			t.Errorf("person %d = %q %q %v, want %q %q %v", i+1, g.Name, g.Email, g.Access, w.Name, w.Email, w.Access)
		}
	}
}
