package planfile

import (
	"errors"
	"os"
	"strings"
	"testing"

	"github.com/docspace-wizard/docspace-wizard/docspace"
)

// issueExample is the smallest plan file, as the README shows it.
const issueExample = `rooms:
  - title: Sales onboarding        # a new room (or an existing one of that exact title)
    type: collaboration
    people:
      - email: ann@example.com
        access: editor
  - id: 2002                       # an existing room by id
    people:
      - email: bob@example.com
        access: viewer
`

func TestParseTheSmallestExample(t *testing.T) {
	f, err := Parse("onboarding.yaml", []byte(issueExample))
	if err != nil {
		t.Fatal(err)
	}
	if len(f.Rooms) != 2 {
		t.Fatalf("rooms = %+v", f.Rooms)
	}
	sales, byID := f.Rooms[0], f.Rooms[1]
	if sales.Title != "Sales onboarding" || sales.Type != docspace.RoomCollaboration || !sales.New() || sales.Pos.Line != 2 {
		t.Errorf("first room = %+v", sales)
	}
	if len(sales.People) != 1 || sales.People[0].Email != "ann@example.com" || sales.People[0].Access != docspace.AccessEditing || sales.People[0].Pos != (Pos{5, 9}) {
		t.Errorf("first room's people = %+v", sales.People)
	}
	if byID.ID != 2002 || byID.New() || byID.People[0].Access != docspace.AccessRead {
		t.Errorf("second room = %+v", byID)
	}
	pl := f.Plan(sales, sales.Type)
	if pl.NewRoom == nil || pl.NewRoom.Title != "Sales onboarding" || !pl.Notify || pl.Invitees[0].Access != docspace.AccessEditing {
		t.Errorf("plan = %+v", pl)
	}
}

func TestParseListsEveryErrorWithItsPlace(t *testing.T) {
	data, err := os.ReadFile("testdata/five-errors.yaml")
	if err != nil {
		t.Fatal(err)
	}
	_, err = Parse("five-errors.yaml", data)
	var errs *Errors
	if !errors.As(err, &errs) {
		t.Fatalf("err = %v, want *Errors", err)
	}
	want := []struct {
		pos  Pos
		says string
	}{
		{Pos{4, 11}, `unknown room type "colaboration": use one of collaboration,`},
		{Pos{6, 16}, `email "ann@example"`},
		{Pos{9, 9}, `unknown key "acess" in a person: did you mean access?`},
		{Pos{11, 5}, "a room given by id is an existing room, so color is not used with it"},
		{Pos{14, 17}, `unknown access "boss": use one of`},
	}
	if len(errs.List) != len(want) {
		t.Fatalf("%d errors, want %d:\n%v", len(errs.List), len(want), err)
	}
	for i, w := range want {
		if got := errs.List[i]; got.Pos != w.pos || !strings.Contains(got.Msg, w.says) {
			t.Errorf("error %d = %s: %s, want %s: …%s…", i+1, got.Pos, got.Msg, w.pos, w.says)
		}
	}
	if !strings.HasPrefix(err.Error(), "five-errors.yaml:4:11: ") || strings.Count(err.Error(), "\n") != 4 {
		t.Errorf("Error() = %q", err.Error())
	}
}

func TestParseRefuses(t *testing.T) {
	tests := []struct {
		name, yaml string
		pos        Pos
		says       string
	}{
		{"empty file", "\n  \n", Pos{1, 0}, "the file is empty"},
		{"not YAML", "rooms:\n  - title: a\n   type: b\n", Pos{3, 0}, "not valid YAML"},
		{"no rooms", "defaults:\n  notify: true\n", Pos{1, 1}, "lists no rooms"},
		{"rooms not a list", "rooms: Sales\n", Pos{1, 8}, "at least one room"},
		{"room without id or title", "rooms:\n  - type: custom\n", Pos{2, 5}, "needs an id"},
		{"id not a number", "rooms:\n  - id: abc\n    people: [{email: a@example.com}]\n", Pos{2, 9}, "id must be a room's number"},
		{"alias name of a type", "rooms:\n  - title: X\n    type: Collaboration\n", Pos{3, 11}, "write it as collaboration"},
		{"alias name of a level", "rooms:\n  - id: 5\n    people:\n      - email: a@example.com\n        access: Editor\n", Pos{5, 17}, "write it as editor"},
		{"level the type refuses", "rooms:\n  - title: P\n    type: public\n    people:\n      - email: a@example.com\n        access: viewer\n", Pos{6, 17}, "Viewer is not available in a Public room: use content-creator, room-admin"},
		{"option the type refuses", "rooms:\n  - title: C\n    type: custom\n    lifetime: 30d\n", Pos{4, 5}, "lifetime is only for a Virtual data room"},
		{"option value the flag refuses", "rooms:\n  - title: C\n    type: custom\n    quota: lots\n", Pos{4, 12}, `quota: the size "lots" is not one DocSpace can take`},
		{"camelCase option", "rooms:\n  - title: V\n    type: vdr\n    denyDownload: true\n", Pos{4, 5}, "did you mean deny-download?"},
		{"number where text goes", "rooms:\n  - title: 2024\n    type: custom\n", Pos{2, 12}, `put "2024" in quotes`},
		{"yes for a switch", "rooms:\n  - title: V\n    type: vdr\n    indexing: yes\n", Pos{4, 15}, "must be true or false"},
		{"person listed twice", "rooms:\n  - title: T\n    type: custom\n    people:\n      - email: a@example.com\n      - email: A@example.com\n", Pos{6, 16}, "listed twice in this room (first on line 5)"},
		{"room listed twice", "rooms:\n  - id: 7\n    people: [{email: a@example.com}]\n  - id: 7\n    people: [{email: b@example.com}]\n", Pos{4, 5}, "room 7 is listed twice"},
		{"key given twice", "rooms:\n  - title: T\n    type: custom\n    type: vdr\n", Pos{4, 5}, "type is given twice"},
		{"group not a mapping", "rooms:\n  - title: T\n    type: custom\n    groups: [Sales]\n", Pos{4, 14}, "a group must be a set of key: value lines"},
		{"message without notify", "defaults:\n  notify: false\nrooms:\n  - title: T\n    type: custom\n    message: hi\n", Pos{6, 5}, "notify: false turns them off"},
		{"type with template", "rooms:\n  - title: T\n    type: custom\n    template: Kickoff\n", Pos{3, 5}, "type is not used with template"},
		{"option on an existing room by title", "rooms:\n  - title: T\n    tags: [a]\n    people: [{email: a@example.com}]\n", Pos{3, 5}, "tags is a setting for a new room"},
		{"existing room without people", "rooms:\n  - id: 12\n", Pos{2, 5}, "lists no people"},
		{"alias", "rooms:\n  - &r\n    id: 1\n    people: [{email: a@example.com}]\n  - *r\n", Pos{2, 5}, "anchors and aliases"},
		{"second document", "rooms:\n  - id: 1\n    people: [{email: a@example.com}]\n---\nrooms: []\n", Pos{4, 1}, "a second YAML document"},
		{"title too long", "rooms:\n  - title: " + strings.Repeat("x", 171) + "\n    type: custom\n", Pos{2, 12}, "at most 170"},
		{"two addresses", "rooms:\n  - id: 1\n    people:\n      - email: a@example.com, b@example.com\n", Pos{4, 16}, "not one e-mail address"},
		{"comma in a tag", "rooms:\n  - title: T\n    type: custom\n    tags: [\"a,b\"]\n", Pos{4, 12}, "one tag per list item"},
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

func TestParseReadsRoomOptionsAsTheFlagsDo(t *testing.T) {
	const yaml = `rooms:
  - title: Deals
    type: vdr
    tags: [Finance, Legal]
    color: "#2db482"
    cover: anchor
    quota: 10GB
    indexing: true
    deny-download: true
    lifetime: 30d,delete
    watermark: info:user,email
    people:
      - email: a@example.com
`
	f, err := Parse("p.yaml", []byte(yaml))
	if err != nil {
		t.Fatal(err)
	}
	var want docspace.RoomOptions
	for flag, v := range map[string]string{"tag": "Finance,Legal", "color": "#2db482", "cover": "anchor", "quota": "10GB",
		"indexing": "true", "deny-download": "true", "lifetime": "30d,delete", "watermark": "info:user,email"} {
		s, _ := docspace.RoomSettingByFlag(flag)
		if err := s.Apply(&want, v); err != nil {
			t.Fatal(err)
		}
	}
	got := f.Rooms[0].Options
	if strings.Join(got.Set(), "; ") != strings.Join(want.Set(), "; ") {
		t.Errorf("options = %v, want %v", got.Set(), want.Set())
	}
	if f.Rooms[0].People[0].Access != docspace.AccessNone || f.Plan(f.Rooms[0], docspace.RoomVirtualData).Invitees[0].Access != docspace.AccessRead {
		t.Errorf("a person without access gets the type's default: %+v", f.Plan(f.Rooms[0], docspace.RoomVirtualData).Invitees)
	}
}

func TestAccessComesFromThePersonTheRoomTheDefaultsThenTheType(t *testing.T) {
	const yaml = `defaults:
  access: viewer
  notify: false
rooms:
  - title: A
    type: custom
    access: commenter
    notify: true
    message: Welcome
    people:
      - email: own@example.com
        access: editor
      - email: room@example.com
  - title: B
    type: custom
    people:
      - email: file@example.com
  - id: 9
    people:
      - email: type@example.com
`
	f, err := Parse("p.yaml", []byte(yaml))
	if err != nil {
		t.Fatal(err)
	}
	f.Defaults.Access = docspace.AccessNone // the type's default, last
	a := f.Plan(f.Rooms[0], docspace.RoomCustom)
	b := f.Plan(f.Rooms[1], docspace.RoomCustom)
	c := f.Plan(f.Rooms[2], docspace.RoomCollaboration)
	if a.Invitees[0].Access != docspace.AccessEditing || a.Invitees[1].Access != docspace.AccessComment || !a.Notify || a.Message != "Welcome" {
		t.Errorf("room A = %+v", a)
	}
	if b.Invitees[0].Access != docspace.AccessRead || b.Notify {
		t.Errorf("room B = %+v (the type's default)", b)
	}
	if c.RoomID != 9 || c.NewRoom != nil || c.Invitees[0].Access != docspace.AccessEditing {
		t.Errorf("room 9 = %+v", c)
	}
}

func FuzzParse(f *testing.F) {
	f.Add([]byte(issueExample))
	f.Add([]byte("rooms:\n  - title: \x1b[31mred\n    type: custom\n"))
	f.Add([]byte("rooms: [{id: 1, people: [{email: a@b.c, access: viewer}]}]"))
	f.Fuzz(func(t *testing.T, data []byte) {
		file, err := Parse("f.yaml", data)
		if err == nil {
			if len(file.Rooms) == 0 {
				t.Fatal("a plan without rooms was accepted")
			}
			return
		}
		var errs *Errors
		if !errors.As(err, &errs) || len(errs.List) == 0 {
			t.Fatalf("err = %v", err)
		}
		for _, e := range errs.List {
			if e.Pos.Line < 1 || strings.ContainsAny(e.Msg, "\x1b\r\n") {
				t.Fatalf("problem %q at %v", e.Msg, e.Pos)
			}
		}
	})
}

func TestSyntaxErrorsSayTheLineAtFault(t *testing.T) {
	for yaml, line := range map[string]int{
		"rooms:\n  - title: a\n    type: custom\n   people: []\n": 4,
		"rooms:\n  - title: a\n    type: custom: b\n":             3,
		"rooms:\n  - title: [a\n":                                 2,
		"rooms:\n  - title: a\n\t- id: 3\n":                       3,
	} {
		_, err := Parse("p.yaml", []byte(yaml))
		var errs *Errors
		if !errors.As(err, &errs) || len(errs.List) != 1 || errs.List[0].Pos.Line != line || !strings.Contains(errs.List[0].Msg, "not valid YAML") {
			t.Errorf("%q: %v, want one problem on line %d", yaml, err, line)
		}
	}
}

// The README's plan files parse, and the smallest is the one above.
func TestTheREADMEsPlanFilesParse(t *testing.T) {
	data, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	_, section, ok := strings.Cut(string(data), "\n## Plan files\n")
	if !ok {
		t.Fatal("the README has no Plan files section")
	}
	section, _, _ = strings.Cut(section, "\n## ")
	_, block, ok := strings.Cut(section, "```yaml\n")
	if !ok {
		t.Fatal("the Plan files section shows no plan file")
	}
	block, _, _ = strings.Cut(block, "```")
	if _, err := Parse("README.md", []byte(block)); err != nil {
		t.Errorf("the README's plan file does not parse:\n%v", err)
	}
	if !strings.HasSuffix(block, issueExample) {
		t.Errorf("the README's plan file is not the smallest example:\n%s", block)
	}
	// Every other plan file the section shows parses too.
	blocks := strings.Split(section, "```yaml\n")[1:]
	if len(blocks) < 2 {
		t.Errorf("the section shows %d plan files, want the smallest and one with groups, a language and a link", len(blocks))
	}
	for _, b := range blocks {
		b, _, _ = strings.Cut(b, "```")
		if _, err := Parse("README.md", []byte(b)); err != nil {
			t.Errorf("a README plan file does not parse:\n%s\n%v", b, err)
		}
	}
}

// A value that is not text is quoted back cleaned, whatever its YAML tag: no escape
// sequence from the file reaches the terminal.
func TestNotTextIsQuotedBackCleaned(t *testing.T) {
	_, err := Parse("x.yaml", []byte("rooms:\n  - title: !x \"\\e]0;T1\\aA\"\n    type: custom\n"))
	if err == nil {
		t.Fatal("a tagged title was taken")
	}
	if strings.ContainsAny(err.Error(), "\x1b\x07") || !strings.Contains(err.Error(), "title must be text") {
		t.Errorf("the problem: %q", err.Error())
	}
}
