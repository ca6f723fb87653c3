package onboard

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/docspace-wizard/docspace-wizard/docspace"
)

func asIs(s string) string { return s }

// The wizard (Read) and --yes (Plan) read the same flags the same way: the same
// people, and the same refusals for what no question could fix.
func TestReadAndPlanReadTheFlagsAlike(t *testing.T) {
	dir := t.TempDir()
	people := filepath.Join(dir, "people.csv")
	empty := filepath.Join(dir, "empty.csv")
	if err := os.WriteFile(people, []byte("name;access;email\n\"Park, Dana\";viewer;dana@example.com\nLee;;lee@example.com\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(empty, []byte("email,access\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	in := Inputs{Title: "T", Type: "custom", Invites: []string{"a@example.com=room-admin", "b@example.com, lee@example.com"}, InviteFile: people}
	a, problems := Read(in, docspace.ReadInviteesFile)
	if len(problems) > 0 {
		t.Fatalf("Read: %q", problems)
	}
	plan, problems := Plan(in, docspace.ReadInviteesFile, asIs)
	if len(problems) > 0 {
		t.Fatalf("Plan: %q", problems)
	}
	read := docspace.Merge(append(append([]docspace.Entry(nil), a.Invites...), a.File...)).Invitees
	if len(read) != 4 || len(plan.Invitees) != len(read) {
		t.Fatalf("Read gives %+v, Plan %+v", read, plan.Invitees)
	}
	for i, inv := range read {
		p := plan.Invitees[i]
		if inv.Email != p.Email || inv.Name != p.Name || (inv.Access != docspace.AccessNone && inv.Access != p.Access) {
			t.Errorf("person %d: Read %+v, Plan %+v", i+1, inv, p)
		}
	}
	if *a.Type != docspace.RoomCustom || plan.NewRoom.Type != docspace.RoomCustom || plan.Invitees[2].Access != docspace.RoomCustom.DefaultAccess() {
		t.Errorf("type %v / %v, lee's level %v", *a.Type, plan.NewRoom.Type, plan.Invitees[2].Access)
	}

	for _, tt := range []struct {
		in   Inputs
		want string
	}{
		{Inputs{Title: "T", Type: "custom", NoNotify: true, Message: "Hi"}, MessageWithoutNotify},
		{Inputs{Title: "T", Type: "custom", InviteFile: empty}, "the file lists no people"},
		{Inputs{Title: "T", Type: "kitchen"}, "--type: "},
		{Inputs{Title: "T", Type: "custom", Access: "boss"}, "--access: "},
		{Inputs{RoomID: -3}, "--room -3 is not a room id"},
	} {
		_, r := Read(tt.in, docspace.ReadInviteesFile)
		_, p := Plan(tt.in, docspace.ReadInviteesFile, asIs)
		if len(r) != 1 || !strings.Contains(r[0], tt.want) || len(p) != 1 || p[0] != r[0] {
			t.Errorf("%+v: Read says %q, Plan %q; want both to say only %q", tt.in, r, p, tt.want)
		}
	}
}

// What --yes cannot ask is refused by Plan only: the wizard asks for it or shows it.
func TestPlanRefusesWhatOnlyTheWizardCanAsk(t *testing.T) {
	in := Inputs{Invites: []string{"not-an-address"}}
	if _, problems := Read(in, docspace.ReadInviteesFile); len(problems) > 0 {
		t.Errorf("Read: %q", problems)
	}
	_, problems := Plan(in, docspace.ReadInviteesFile, asIs)
	got := strings.Join(problems, "\n")
	for _, want := range []string{"--title", "--type", `--invite "not-an-address"`} {
		if !strings.Contains(got, want) {
			t.Errorf("Plan's problems %q lack %q", problems, want)
		}
	}
}
