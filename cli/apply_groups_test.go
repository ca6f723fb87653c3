package cli

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/docspace-wizard/docspace-wizard/docspace"
	"github.com/docspace-wizard/docspace-wizard/docspace/docspacetest"
	"github.com/docspace-wizard/docspace-wizard/onboard"
)

// A plan file with groups, an invitation language and an invitation link: shown in the
// diff, sent as the flags send them (checked against the vendor's spec), and a second
// apply of the same file writes nothing.
func TestApplyGroupsLanguageAndLinkTwice(t *testing.T) {
	p, te := applyPortal(t, true)
	marketing := roomNamed(t, p, "Marketing Q3") // holds Sales team as Viewer
	path := writePlanFile(t, fmt.Sprintf(`defaults:
  language: fr
rooms:
  - id: %d
    link:
      access: viewer
      expires: 7d
      max-uses: 50
    groups:
      - name: Sales team
        access: viewer
      - name: support desk
        access: editor
    people:
      - email: pat@example.com
        access: viewer
  - title: Partners
    type: custom
    language: de
    link: {access: editor}
    groups:
      - id: %s
`, marketing.ID, docspacetest.DemoGroupID))

	if end := applyOnce(t, te, ApplyOptions{File: path, Yes: true}); end != onboard.EndDone {
		t.Fatalf("first apply ended %v\nstdout:\n%s\nstderr:\n%s", end, te.out, te.err)
	}
	assertContains(t, "first plan", te.out.String(),
		"= @Sales team (group, 2 members)    Viewer  already in place",
		"+ @Support desk (group, 3 members)  Editor  invite",
		"+ turn on the invitation link: Viewer, until ",
		", up to 50 people\n",
		"invitation e-mails in fr (existing users get their own language)",
		`+ create room "Partners" (Custom)`,
		"+ @Sales team (group, 2 members)  Viewer  invite",
		"+ turn on the invitation link: Editor\n\nPlan:", // a language only for people, not groups
		"Plan: 1 room to create, 3 people or groups to invite, 0 access levels to change, 2 invitation links to turn on, 1 person or group already in place.",
		"Applied: 1 room created, 3 people or groups invited, 0 access levels changed, 2 invitation links turned on.")
	if g := p.RoomGroups(marketing.ID); g[docspacetest.DemoGroup2ID] != docspace.AccessEditing || g[docspacetest.DemoGroupID] != docspace.AccessRead {
		t.Errorf("Marketing Q3's groups = %v", g)
	}
	partners := roomNamed(t, p, "Partners")
	if g := p.RoomGroups(partners.ID); g[docspacetest.DemoGroupID] != docspace.AccessRead {
		t.Errorf("Partners' groups = %v", g)
	}
	var shares, links []string
	for _, r := range p.Requests() {
		switch {
		case r.Method == http.MethodPut && strings.HasSuffix(r.Path, "/share"):
			shares = append(shares, string(r.Body))
		case r.Method == http.MethodPut && strings.HasSuffix(r.Path, "/links"):
			links = append(links, r.Path+" "+string(r.Body))
		}
	}
	joined := strings.Join(shares, "\n")
	for _, want := range []string{`"culture":"fr"`, `"culture":"de"`, `"id":"` + docspacetest.DemoGroup2ID + `"`, `"id":"` + docspacetest.DemoGroupID + `"`} {
		if !strings.Contains(joined, want) {
			t.Errorf("no share body has %s:\n%s", want, joined)
		}
	}
	if strings.Contains(joined, "Sales team") || strings.Contains(joined, "Support desk") {
		t.Errorf("a group was sent by name, not id:\n%s", joined)
	}
	if len(links) != 2 || !strings.Contains(strings.Join(links, "\n"), `"maxUseCount":50`) || !strings.Contains(strings.Join(links, "\n"), `"expirationDate":"`) {
		t.Errorf("link calls:\n%s", strings.Join(links, "\n"))
	}

	p.ResetRequests()
	if end := applyOnce(t, te, ApplyOptions{File: path, Yes: true}); end != onboard.EndDone {
		t.Fatalf("second apply ended %v\nstderr:\n%s", end, te.err)
	}
	if w := writesIn(p.Requests()); len(w) != 0 {
		t.Errorf("the second apply wrote: %v", w)
	}
	assertContains(t, "second plan", te.out.String(),
		fmt.Sprintf(`= room "Marketing Q3" (Collaboration, id %d): 3 people or groups and the invitation link already in place`, marketing.ID),
		`= room "Partners" (Custom, id `,
		"Plan: 0 rooms to create, 0 people or groups to invite, 0 access levels to change, 4 people or groups already in place.")
	assertContains(t, "second stderr", te.err.String(), "Nothing to do:")
	assertSecretNowhere(t, te, docspacetest.DemoKey)
}

// An unknown language and an unknown group are refused with their places in the file,
// the language's problem listing the portal's codes; nothing is written.
func TestApplyRefusesUnknownLanguageAndGroup(t *testing.T) {
	p, te := applyPortal(t, true)
	marketing := roomNamed(t, p, "Marketing Q3")
	path := writePlanFile(t, fmt.Sprintf(`rooms:
  - id: %d
    language: klingon
    groups:
      - name: Nobody
`, marketing.ID))
	if end := applyOnce(t, te, ApplyOptions{File: path, Yes: true}); end != onboard.EndInvalid {
		t.Fatalf("apply ended %v\nstderr:\n%s", end, te.err)
	}
	assertContains(t, "problems", te.err.String(), "Nothing was sent; fix 2 problems",
		path+`:3:15: The portal has no language "klingon" for invitations; use one of de, en-GB, en-US, es, fr, it, ja-JP, pt-BR`,
		path+`:5:9: There is no group "Nobody" on this portal`)
	if w := writesIn(p.Requests()); len(w) != 0 {
		t.Errorf("a refused file wrote: %v", w)
	}
}

// --json names each group and says what happens to the link, then the link itself.
func TestApplyJSONHasGroupsAndTheLink(t *testing.T) {
	p, te := applyPortal(t, true)
	path := writePlanFile(t, fmt.Sprintf(`rooms:
  - id: %d
    language: de
    link: {access: viewer}
    groups: [{name: Support desk, access: editor}]
`, roomNamed(t, p, "Marketing Q3").ID))
	if end := applyOnce(t, te, ApplyOptions{File: path, Yes: true, JSON: true}); end != onboard.EndDone {
		t.Fatalf("apply ended %v\nstderr:\n%s", end, te.err)
	}
	var got struct {
		Plan  struct{ LinksToTurnOn, PeopleToInvite int }
		Rooms []struct {
			InvitationLink, InvitationLinkURL, Language string
			People                                      []struct{ Email, Group, Access, Change, Result string }
		}
	}
	if err := json.Unmarshal(te.out.Bytes(), &got); err != nil {
		t.Fatalf("%v\n%s", err, te.out)
	}
	r := got.Rooms[0]
	if got.Plan.LinksToTurnOn != 1 || got.Plan.PeopleToInvite != 1 || r.InvitationLink != "turn-on" || !strings.Contains(r.InvitationLinkURL, "/rooms/share?key=") ||
		r.Language != "de" || len(r.People) != 1 || r.People[0].Group != docspacetest.DemoGroup2Name || r.People[0].Email != "" ||
		r.People[0].Change != "invite" || r.People[0].Result == "" {
		t.Errorf("--json:\n%s", te.out)
	}
}
