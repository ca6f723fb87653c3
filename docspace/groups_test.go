package docspace_test

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/docspace-wizard/docspace-wizard/docspace"
	"github.com/docspace-wizard/docspace-wizard/docspace/docspacetest"
)

func TestParseGroupLines(t *testing.T) {
	l := docspace.ParseInvitees("@Sales team\n@Support desk=editor\nann@example.com\n@x.com\n@Sales team, viewer\n@ \n@Ops=boss")
	var got []string
	for _, e := range l.Entries {
		got = append(got, e.Invitee.GroupName()+"|"+e.Invitee.Access.String()+"|"+e.Err)
	}
	want := []string{"Sales team|Viewer|", "Support desk|Editor|", "|No access|", "|No access|nothing before the @",
		"Sales team|Viewer|", "|No access|a group's name must follow the @"}
	if len(got) < len(want)+1 || strings.Join(got[:len(want)], "\n") != strings.Join(want, "\n") {
		t.Fatalf("entries:\n%s\nwant first:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if last := l.Entries[len(want)]; last.Err == "" || !strings.Contains(last.Err, "boss") {
		t.Errorf("@Ops=boss: %+v, want an unknown level", last)
	}
	if len(l.Invitees) != 3 || !l.Invitees[0].IsGroup() || l.Invitees[0].Access != docspace.AccessRead {
		t.Errorf("invitees %+v, want the two groups (the second Sales team merged, its level kept) and ann", l.Invitees)
	}
}

func TestExecuteInvitesGroupsByIDAndConfirmsThem(t *testing.T) {
	portal, c := newPortal(t)
	l := docspace.ParseInvitees("@sales TEAM\n@Support desk=content creator\nann@example.com")
	plan := docspace.Plan{NewRoom: &docspace.NewRoom{Title: "With groups", Type: docspace.RoomCustom}, Invitees: l.Invitees}
	plan = withDefault(plan, docspace.AccessEditing)
	pre, err := c.Check(context.Background(), plan)
	if err != nil {
		t.Fatal(err)
	}
	resolved := pre.Resolve(plan)
	if g := resolved.Invitees[0]; g.GroupID() != docspacetest.DemoGroupID || g.GroupName() != docspacetest.DemoGroupName || g.Label() != "@Sales team (group, 2 members)" {
		t.Errorf("resolved group %+v, label %q", g, g.Label())
	}
	res := c.Execute(context.Background(), plan, pre, nil)
	if res.Status() != docspace.StatusComplete {
		t.Fatalf("status %v (%v)", res.Status(), res.Err)
	}
	for _, o := range res.Outcomes {
		if !o.Kind.InRoom() {
			t.Errorf("%s: %v %s", o.Invitee.Label(), o.Kind, o.Reason)
		}
	}
	var body string
	for _, r := range portal.Requests() {
		if r.Method == http.MethodPut && strings.HasSuffix(r.Path, "/share") {
			body = string(r.Body)
		}
	}
	for _, w := range []string{`"id":"` + docspacetest.DemoGroupID + `","access":10`, `"id":"` + docspacetest.DemoGroup2ID + `","access":11`, `"email":"ann@example.com"`} {
		if !strings.Contains(body, w) {
			t.Errorf("share body %s lacks %s", body, w)
		}
	}
}

func TestGroupProblems(t *testing.T) {
	_, c := newPortal(t)
	l := docspace.ParseInvitees("@Nobody here\n@Sales team=room admin")
	plan := docspace.Plan{NewRoom: &docspace.NewRoom{Title: "Bad groups", Type: docspace.RoomCustom}, Invitees: l.Invitees}
	res := c.Execute(context.Background(), plan, nil, nil)
	if res.Status() != docspace.StatusInvalid {
		t.Fatalf("status %v (%v), want invalid", res.Status(), res.Err)
	}
	msg := res.Err.Error()
	for _, w := range []string{`no group "Nobody here"`, "Sales team, Support desk", "at most Content creator", "Editor"} {
		if !strings.Contains(msg, w) {
			t.Errorf("problems %q lack %q", msg, w)
		}
	}
}

// withDefault gives every invitee without a level a.
func withDefault(p docspace.Plan, a docspace.Access) docspace.Plan {
	for i := range p.Invitees {
		if p.Invitees[i].Access == docspace.AccessNone {
			p.Invitees[i].Access = a
		}
	}
	return p
}

func TestUsersReadsEveryPage(t *testing.T) {
	portal, c := newPortal(t)
	for i := range 250 {
		portal.AddUser(docspacetest.User{Email: fmt.Sprintf("p%03d@example.com", i), DisplayName: fmt.Sprintf("Person %03d", i)})
	}
	us, err := c.Users(context.Background())
	if err != nil || len(us) < 250 {
		t.Fatalf("Users: %d, %v", len(us), err)
	}
	seen := map[string]bool{}
	for _, u := range us {
		if seen[u.ID] {
			t.Fatalf("%s listed twice", u.Email)
		}
		seen[u.ID] = true
	}
}
