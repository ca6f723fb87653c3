package planfile

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"
	"go.yaml.in/yaml/v3"

	"github.com/docspace-wizard/docspace-wizard/docspace"
)

// The JSON Schema editors check plan files with, and the parser, must agree: the same
// keys, the same names, the examples valid for both, and bad files refused by both.

const schemaPath = "../schema/plan.schema.json"

func loadSchema(t *testing.T) (*jsonschema.Schema, map[string]any) {
	t.Helper()
	data, err := os.ReadFile(schemaPath)
	if err != nil {
		t.Fatal(err)
	}
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("the schema is not JSON: %v", err)
	}
	c := jsonschema.NewCompiler()
	if err := c.AddResource("plan.schema.json", doc); err != nil {
		t.Fatal(err)
	}
	sch, err := c.Compile("plan.schema.json")
	if err != nil {
		t.Fatalf("the schema does not compile: %v", err)
	}
	var raw map[string]any
	if err := json.Unmarshal(data, &raw); err != nil {
		t.Fatal(err)
	}
	return sch, raw
}

// schemaAccepts validates a YAML text against the schema.
func schemaAccepts(t *testing.T, sch *jsonschema.Schema, text string) error {
	t.Helper()
	var v any
	if err := yaml.Unmarshal([]byte(text), &v); err != nil {
		return err
	}
	data, err := json.Marshal(v)
	if err != nil {
		t.Fatalf("YAML to JSON: %v", err)
	}
	inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	return sch.Validate(inst)
}

func keysOf(m any) []string {
	var out []string
	for k := range m.(map[string]any) {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

func TestSchemaHasTheParsersKeysAndNames(t *testing.T) {
	_, raw := loadSchema(t)
	defs := raw["$defs"].(map[string]any)
	props := map[string]any{
		"":         raw["properties"],
		"defaults": defs["defaults"].(map[string]any)["properties"],
		"room":     defs["room"].(map[string]any)["properties"],
		"person":   defs["person"].(map[string]any)["properties"],
		"group":    defs["group"].(map[string]any)["properties"],
		"link":     defs["link"].(map[string]any)["properties"],
	}
	for where, keys := range ValidKeys() {
		keys = slices.Sorted(slices.Values(keys))
		if got := keysOf(props[where]); !slices.Equal(got, keys) {
			t.Errorf("the schema's %q keys are %v, the parser's %v", where, got, keys)
		}
	}
	enum := func(def string) []string {
		var out []string
		for _, v := range defs[def].(map[string]any)["enum"].([]any) {
			out = append(out, v.(string))
		}
		slices.Sort(out)
		return out
	}
	if got, want := enum("access"), sortedNames(AccessNames); !slices.Equal(got, want) {
		t.Errorf("schema access levels %v, parser %v", got, want)
	}
	var groupLevels []string
	for _, n := range sortedNames(AccessNames) {
		if AccessNames[n] != docspace.AccessRoomManager { // a group, or the link, gets at most Content creator
			groupLevels = append(groupLevels, n)
		}
	}
	if got := enum("groupAccess"); !slices.Equal(got, groupLevels) {
		t.Errorf("schema group access levels %v, the parser's %v", got, groupLevels)
	}
	if got, want := enum("roomType"), sortedNames(TypeNames); !slices.Equal(got, want) {
		t.Errorf("schema room types %v, parser %v", got, want)
	}
	for name, a := range AccessNames {
		if p, err := docspace.ParseAccess(name); err != nil || p != a {
			t.Errorf("%s reads as %v, the flags read it as %v", name, a, p)
		}
	}
	for name, rt := range TypeNames {
		if p, err := docspace.ParseRoomType(name); err != nil || p != rt {
			t.Errorf("%s reads as %v, the flags read it as %v", name, rt, p)
		}
	}
}

func TestExamplesAreValidForTheSchemaAndTheParser(t *testing.T) {
	sch, _ := loadSchema(t)
	files, _ := filepath.Glob("../examples/*.yaml")
	if len(files) < 2 {
		t.Fatalf("examples: %v", files)
	}
	hint := regexp.MustCompile(`(?m)^# yaml-language-server: \$schema=(\S+)$`)
	for _, path := range files {
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := Parse(path, data); err != nil {
			t.Errorf("the parser refuses %s:\n%v", path, err)
		}
		if err := schemaAccepts(t, sch, string(data)); err != nil {
			t.Errorf("the schema refuses %s: %v", path, err)
		}
		m := hint.FindSubmatch(data)
		if m == nil {
			t.Errorf("%s has no yaml-language-server hint", path)
			continue
		}
		if _, err := os.Stat(filepath.Join(filepath.Dir(path), string(m[1]))); err != nil {
			t.Errorf("%s points editors at %s: %v", path, m[1], err)
		}
	}
}

func TestSchemaAndParserAgreeOnEachFile(t *testing.T) {
	sch, _ := loadSchema(t)
	room := func(lines ...string) string {
		return "rooms:\n  - " + strings.Join(lines, "\n    ") + "\n"
	}
	people := "people: [{email: a@example.com}]"
	good := []string{
		room("id: 4", people),
		room("title: Existing", people),
		room("title: New", "type: custom"),
		room("title: From template", "template: Project kickoff", people),
		room("title: T", "type: vdr", "tags: one", "quota: 1073741824", "color: \"#2db482\"", "lifetime: 6 months,delete", "watermark: text:Confidential;horizontal", "indexing: false"),
		"defaults:\n  access: viewer\n  notify: false\n" + room("id: 4", "people:\n      - email: a@example.com\n        access: room-admin"),
		room("title: T", "type: collaboration", "access: editor", "notify: true", "message: Hello", "quota: none", people),
		room("id: 4", "groups: [{name: Sales team, access: viewer}, {id: 3f2a9c1e-0b7d-4e5f-9a8b-1c2d3e4f5a6b}]"),
		room("id: 4", "link: {access: viewer, expires: 7d, max-uses: 50}"),
		room("title: T", "type: custom", "language: pt-BR", "link: {access: editor, expires: \"2031-12-31\"}", people),
		"defaults:\n  language: de\n" + room("id: 4", people),
	}
	bad := []string{
		"rooms: []\n",
		"defaults: {}\n",
		room("title: T", "type: custom", "colour: 2DB482"),
		room("id: 4", "title: T", people),
		room("id: \"4\"", people),
		room("id: 0", people),
		room("id: 4"),
		room("title: T", "type: custom", "template: X"),
		room("title: T", "tags: [a]", people),
		room("title: T", "type: custom", "lifetime: 30d"),
		room("title: T", "type: vdr", "lifetime: forever"),
		room("title: T", "type: vdr", "indexing: \"true\""),
		room("title: T", "type: vdr", "indexing: yes"),
		room("title: T", "type: Custom"),
		room("title: 2024", "type: custom"),
		room("title: \"\"", "type: custom"),
		room("title: T", "type: custom", "color: green"),
		room("title: T", "type: custom", "quota: lots"),
		room("title: T", "type: custom", "tags: []"),
		room("type: custom"),
		room("id: 4", "people: [{access: viewer}]"),
		room("id: 4", "people: [{email: a@example.com, access: boss}]"),
		room("id: 4", "people: [{email: a@example.com, name: Ann}]"),
		room("id: 4", "people: [{email: not-an-address}]"),
		room("id: 4", "people: a@example.com"),
		"defaults:\n  notify: maybe\n" + room("id: 4", people),
		"defaults:\n  access: owner\n" + room("id: 4", people),
		"extra: 1\n" + room("id: 4", people),
		room("id: 4", "groups: [{name: Sales, access: room-admin}]"),
		room("id: 4", "groups: [{name: Sales, id: 3f2a9c1e-0b7d-4e5f-9a8b-1c2d3e4f5a6b}]"),
		room("id: 4", "groups: [{access: viewer}]"),
		room("id: 4", "groups: [{id: sales}]"),
		room("id: 4", "groups: []"),
		room("id: 4", "groups: [{name: Sales, members: 3}]"),
		room("id: 4", "link: {expires: 7d}"),
		room("id: 4", "link: {access: room-admin}"),
		room("id: 4", "link: {access: viewer, max-uses: 0}"),
		room("id: 4", "link: {access: viewer, max-uses: 1001}"),
		room("id: 4", "link: {access: viewer, expires: soon}"),
		room("id: 4", "link: viewer"),
		room("id: 4", "language: 7", people),
		room("id: 4", "language: de fr", people),
		"defaults:\n  language: [de]\n" + room("id: 4", people),
	}
	for _, text := range good {
		if _, err := Parse("p.yaml", []byte(text)); err != nil {
			t.Errorf("the parser refuses:\n%s%v", text, err)
		}
		if err := schemaAccepts(t, sch, text); err != nil {
			t.Errorf("the schema refuses:\n%s%v", text, err)
		}
	}
	for _, text := range bad {
		if _, err := Parse("p.yaml", []byte(text)); err == nil {
			t.Errorf("the parser accepts:\n%s", text)
		}
		if err := schemaAccepts(t, sch, text); err == nil {
			t.Errorf("the schema accepts:\n%s", text)
		}
	}
}
