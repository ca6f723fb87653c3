package planfile

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/docspace-wizard/docspace-wizard/docspace"
	"github.com/docspace-wizard/docspace-wizard/docspace/docspacetest"
)

// Groups, the invitation language and the invitation link are read as --invite-group,
// --language and --link read them, with their places in the file.

const groupsLanguageLink = `defaults:
  language: fr
rooms:
  - title: Partners
    type: custom
    language: pt-BR
    link:
      access: editor
      expires: 7d
      max-uses: 50
    groups:
      - name: Sales team
        access: viewer
      - id: 5A1E5000-7EA3-4D00-8000-00000000BEEF
      - name: Sales, EMEA=ops
  - id: 12
    groups:
      - name: Support desk
`

func TestParseReadsGroupsLanguageAndLink(t *testing.T) {
	before := time.Now()
	f, err := Parse("p.yaml", []byte(groupsLanguageLink))
	if err != nil {
		t.Fatal(err)
	}
	r := f.Rooms[0]
	if f.Defaults.Language != "fr" || r.Language == nil || *r.Language != "pt-BR" || r.LanguagePos != (Pos{6, 15}) {
		t.Errorf("languages: defaults %q, room %v at %s", f.Defaults.Language, r.Language, r.LanguagePos)
	}
	if code, _ := f.Language(f.Rooms[1]); code != "fr" {
		t.Errorf("the second room's language = %q, want the defaults' fr", code)
	}
	if r.Link == nil || r.Link.Access != docspace.AccessEditing || r.Link.MaxUses != 50 || r.LinkPos != (Pos{7, 5}) {
		t.Fatalf("link = %+v at %s", r.Link, r.LinkPos)
	}
	if d := r.Link.Expires.Sub(before); d < 7*24*time.Hour-time.Second || d > 7*24*time.Hour+time.Minute {
		t.Errorf("expires in %s, want 7 days", d)
	}
	if len(r.Groups) != 3 || r.Groups[0].Ref != "Sales team" || r.Groups[0].Access != docspace.AccessRead || r.Groups[0].Pos != (Pos{12, 9}) ||
		r.Groups[2].Ref != "Sales, EMEA=ops" {
		t.Fatalf("groups = %+v", r.Groups)
	}
	pl := f.Plan(r, r.Type)
	if pl.Culture != "pt-BR" || pl.Link != r.Link || len(pl.Invitees) != 3 {
		t.Fatalf("plan = %+v", pl)
	}
	sales, byID, emea := pl.Invitees[0], pl.Invitees[1], pl.Invitees[2]
	if !sales.IsGroup() || sales.GroupName() != "Sales team" || sales.Access != docspace.AccessRead {
		t.Errorf("first group = %+v %+v", sales, sales.Group)
	}
	// By id as --invite-group reads an id; no level given: the type's default.
	if byID.GroupID() != docspacetest.DemoGroup2ID || byID.Access != docspace.AccessRead {
		t.Errorf("group by id = %+v %+v", byID, byID.Group)
	}
	if emea.GroupName() != "Sales, EMEA=ops" {
		t.Errorf("a name holding = and a comma = %q", emea.GroupName())
	}
	if pl2 := f.Plan(f.Rooms[1], docspace.RoomCollaboration); pl2.Culture != "fr" || pl2.Link != nil || pl2.Invitees[0].Access != docspace.AccessEditing {
		t.Errorf("second room's plan = %+v", pl2)
	}
	// A room's room-admin for people gives its groups the most a group may get.
	f.Rooms[1].Access = docspace.AccessRoomManager
	if pl3 := f.Plan(f.Rooms[1], docspace.RoomCollaboration); pl3.Invitees[0].Access != docspace.AccessContentCreator {
		t.Errorf("a group under access: room-admin gets %s", pl3.Invitees[0].Access)
	}
}

func TestParseRefusesBadGroupsLanguagesAndLinks(t *testing.T) {
	room := "rooms:\n  - id: 4\n    "
	tests := []struct {
		name, yaml string
		pos        Pos
		says       string
	}{
		{"group as room admin", room + "groups:\n      - name: Sales\n        access: room-admin\n", Pos{5, 17}, "a group can be at most content-creator, never room-admin: use commenter, content-creator, editor"},
		{"group level the type refuses", "rooms:\n  - title: P\n    type: public\n    groups: [{name: Sales, access: viewer}]\n", Pos{4, 36}, "Viewer is not available in a Public room: use content-creator"},
		{"group with name and id", room + "groups: [{name: Sales, id: 5a1e5000-7ea3-4d00-8000-00000000c0de}]\n", Pos{3, 28}, "not both"},
		{"group without name", room + "groups: [{access: viewer}]\n", Pos{3, 14}, "a group needs a name:"},
		{"id that is no group id", room + "groups: [{id: sales}]\n", Pos{3, 19}, `id "sales" is not a group id`},
		{"group listed twice", room + "groups:\n      - name: Sales\n      - name: sales\n", Pos{5, 15}, "listed twice in this room (first on line 4)"},
		{"unknown group key", room + "groups: [{name: Sales, acess: viewer}]\n", Pos{3, 28}, "did you mean access?"},
		{"groups empty", room + "groups: []\n", Pos{3, 13}, "groups must be a list"},
		{"link without access", room + "link:\n      expires: 7d\n", Pos{3, 5}, "link needs access:"},
		{"link as room admin", room + "link: {access: room-admin}\n", Pos{3, 20}, "cannot give room-admin"},
		{"link expiry not understood", room + "link: {access: viewer, expires: soon}\n", Pos{3, 37}, `expires: "soon" is not an expiry: give a number of hours, days or weeks`},
		{"link expiry in the past", room + "link: {access: viewer, expires: \"2001-01-01\"}\n", Pos{3, 37}, "is in the past"},
		{"link uses over 1000", room + "link: {access: viewer, max-uses: 1001}\n", Pos{3, 38}, "max-uses must be a number from 1 to 1000"},
		{"link as text", room + "link: viewer\n", Pos{3, 11}, "link must be a set of key: value lines"},
		{"link level the type refuses", "rooms:\n  - title: P\n    type: public\n    link: {access: viewer}\n", Pos{4, 20}, "Viewer is not available in a Public room"},
		{"language not text", room + "language: 7\n    people: [{email: a@example.com}]\n", Pos{3, 15}, "language must be text"},
		{"two languages", room + "language: de fr\n    people: [{email: a@example.com}]\n", Pos{3, 15}, `language "de fr" is not a language code`},
		{"language in defaults as a list", "defaults:\n  language: [de]\n" + room + "people: [{email: a@example.com}]\n", Pos{2, 13}, "language must be text"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse("p.yaml", []byte(tt.yaml))
			var errs *Errors
			if !errors.As(err, &errs) || len(errs.List) == 0 {
				t.Fatalf("err = %v, want problems", err)
			}
			first := errs.List[0]
			if first.Pos != tt.pos || !strings.Contains(first.Msg, tt.says) {
				t.Errorf("first problem = %s: %s\nwant %s: …%s…\nall:\n%v", first.Pos, first.Msg, tt.pos, tt.says, err)
			}
		})
	}
}

func TestResolveGroupsNewAndInPlaceLinkAndLanguage(t *testing.T) {
	p, c := demoPortal(t)
	marketing := roomIDOf(t, p, "Marketing Q3") // holds Sales team as Viewer
	yaml := fmt.Sprintf(`rooms:
  - id: %d
    language: DE
    link:
      access: viewer
    groups:
      - name: sales TEAM
        access: viewer
      - name: Support desk
        access: editor
`, marketing)
	f, err := Parse("p.yaml", []byte(yaml))
	if err != nil {
		t.Fatal(err)
	}
	targets, err := Resolve(context.Background(), c, f)
	if err != nil {
		t.Fatal(err)
	}
	tg := targets[0]
	if len(tg.Changes) != 2 || tg.Changes[0].Kind != ChangeNone || tg.Changes[1].Kind != ChangeInvite {
		t.Fatalf("changes = %+v", tg.Changes)
	}
	// Resolved by the check: by id, as the portal spells it, with its members.
	sales, support := tg.Changes[0].Invitee, tg.Changes[1].Invitee
	if sales.GroupID() != docspacetest.DemoGroupID || sales.Label() != "@Sales team (group, 2 members)" ||
		support.GroupID() != docspacetest.DemoGroup2ID || support.Label() != "@Support desk (group, 3 members)" {
		t.Errorf("groups = %s %s, %s %s", sales.Label(), sales.GroupID(), support.Label(), support.GroupID())
	}
	if len(tg.Plan.Invitees) != 1 || tg.Plan.Invitees[0].GroupID() != docspacetest.DemoGroup2ID || tg.Plan.Culture != "de" ||
		tg.Plan.Link == nil || tg.LinkInPlace {
		t.Errorf("run = %+v (link in place %v)", tg.Plan, tg.LinkInPlace)
	}

	// Once the room has the link and the group, the same file changes nothing.
	res := c.Execute(context.Background(), tg.Plan, tg.Pre, nil)
	if res.Status() != docspace.StatusComplete || res.Link == nil {
		t.Fatalf("the run: %v, link %+v", res.Err, res.Link)
	}
	targets, err = Resolve(context.Background(), c, f)
	if err != nil {
		t.Fatal(err)
	}
	if tg = targets[0]; tg.Writes() || !tg.LinkInPlace || tg.Count(ChangeNone) != 2 {
		t.Errorf("second resolve writes: %+v, link in place %v", tg.Plan, tg.LinkInPlace)
	}

	// Another level for the link is a change; so is another number of uses.
	for _, link := range []string{"access: editor", "access: viewer\n      max-uses: 9"} {
		g, _ := Parse("p.yaml", []byte(strings.Replace(yaml, "access: viewer\n    groups", link+"\n    groups", 1)))
		ts, err := Resolve(context.Background(), c, g)
		if err != nil || ts[0].LinkInPlace || ts[0].Plan.Link == nil {
			t.Errorf("link %q: in place %v, run %+v, %v", link, ts[0].LinkInPlace, ts[0].Plan.Link, err)
		}
	}
}

func TestResolveRefusesUnknownGroupAndLanguageWhereWritten(t *testing.T) {
	p, c := demoPortal(t)
	yaml := fmt.Sprintf(`rooms:
  - id: %d
    language: xx
    groups:
      - name: Nobody here
`, roomIDOf(t, p, "Marketing Q3"))
	f, err := Parse("p.yaml", []byte(yaml))
	if err != nil {
		t.Fatal(err)
	}
	_, err = Resolve(context.Background(), c, f)
	var errs *Errors
	if !errors.As(err, &errs) || len(errs.List) != 2 {
		t.Fatalf("err = %v, want 2 problems", err)
	}
	lang, group := errs.List[0], errs.List[1]
	if lang.Pos != (Pos{3, 15}) || !strings.Contains(lang.Msg, `no language "xx"`) || !strings.Contains(lang.Msg, strings.Join(docspacetest.DemoCultures, ", ")) {
		t.Errorf("language problem = %s: %s", lang.Pos, lang.Msg)
	}
	if group.Pos != (Pos{5, 9}) || !strings.Contains(group.Msg, `There is no group "Nobody here"`) || !strings.Contains(group.Msg, docspacetest.DemoGroupName) {
		t.Errorf("group problem = %s: %s", group.Pos, group.Msg)
	}
	for _, r := range p.Requests() {
		if r.Method != "GET" {
			t.Errorf("resolving wrote: %s %s", r.Method, r.Path)
		}
	}
}

func TestFromRunWritesGroupsLanguageAndLink(t *testing.T) {
	p, c := demoPortal(t)
	plan := docspace.Plan{
		RoomID: roomIDOf(t, p, "Marketing Q3"), Notify: true, Culture: "pt-BR",
		Link: &docspace.LinkPlan{Access: docspace.AccessRead, Expires: time.Now().Add(72 * time.Hour), MaxUses: 20},
		Invitees: []docspace.Invitee{
			docspace.ParseGroup(docspacetest.DemoGroup2Name+"=editor", 1).Invitee,
			{Email: "new@example.com", Access: docspace.AccessRead},
		},
	}
	res := c.Execute(context.Background(), plan, nil, nil)
	if res.Status() != docspace.StatusComplete || res.Link == nil {
		t.Fatalf("the run: %v", res.Err)
	}
	data := FromRun(plan, res)
	for _, want := range []string{"language: pt-BR", "link:\n", "access: viewer", "max-uses: 20",
		"name: " + docspacetest.DemoGroup2Name + " # id " + docspacetest.DemoGroup2ID, "access: editor"} {
		if !strings.Contains(string(data), want) {
			t.Errorf("the saved file lacks %q:\n%s", want, data)
		}
	}
	f, err := Parse("saved.yaml", data)
	if err != nil {
		t.Fatalf("the saved file does not parse:\n%s\n%v", data, err)
	}
	if r := f.Rooms[0]; len(r.Groups) != 1 || r.Link == nil || r.Link.MaxUses != 20 || r.Link.Expires.Before(plan.Link.Expires) {
		t.Errorf("read back %+v (link %+v)", r, r.Link)
	}
	targets, err := Resolve(context.Background(), c, f)
	if err != nil {
		t.Fatal(err)
	}
	if targets[0].Writes() {
		t.Errorf("applying the saved file would write %+v\n%s", targets[0].Plan, data)
	}
}
