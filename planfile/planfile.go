// Package planfile reads plan files: YAML that declares rooms (existing ones by id or
// title, new ones with a type and options) and the people each should hold, for
// `docspace-wizard apply`. Reading is strict: every problem is found, each with its
// line and column and what to do, before anything is sent.
package planfile

import (
	"errors"
	"fmt"
	"io"
	"os"
	"slices"
	"strconv"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"

	"github.com/docspace-wizard/docspace-wizard/docspace"
	"github.com/docspace-wizard/docspace-wizard/internal/outside"
	"github.com/docspace-wizard/docspace-wizard/onboard"
)

// MaxFileSize is the largest plan file Read reads, in bytes.
const MaxFileSize = 10 << 20

// File is a plan file as read: its defaults and its rooms, in the file's order.
type File struct {
	// Path is where the file was read from ("-" for standard input).
	Path     string
	Defaults Defaults
	Rooms    []Room
}

// Pos is a place in the file, 1-based; Column is 0 when only the line is known.
type Pos struct{ Line, Column int }

// String is "3:7", or "3" when the column is not known.
func (p Pos) String() string {
	if p.Column == 0 {
		return strconv.Itoa(p.Line)
	}
	return fmt.Sprintf("%d:%d", p.Line, p.Column)
}

// Defaults apply to every room that does not say otherwise.
type Defaults struct {
	// Notify is whether existing users are e-mailed about the room; nil means yes.
	Notify *bool
	// Message goes with the notification e-mails.
	Message string
	// Access is the level of people given none; AccessNone leaves the room type's default.
	Access docspace.Access
	// Language is the invitation e-mails' language code; "" for the portal's own.
	Language string
	// LanguagePos is where the language is written, for the portal's refusal.
	LanguagePos Pos
}

// Room is one room of the file: an existing one (ID, or Title alone) or a new one
// (Title with Type or Template).
type Room struct {
	Pos   Pos
	ID    int
	Title string
	// Type is the new room's type; 0 when not given.
	Type docspace.RoomType
	// Template names the room template a new room is made from (id or title).
	Template string
	// Options are the new room's settings; Given lists their keys in the file's order.
	Options docspace.RoomOptions
	Given   []string
	// Access is the level of this room's people given none; AccessNone when not given.
	Access docspace.Access
	// Notify and Message override the defaults when set.
	Notify  *bool
	Message *string
	People  []Person
	// Groups are the portal groups the room should hold, after its people.
	Groups []Group
	// Language overrides the defaults' invitation language when set; LanguagePos is
	// where it is written.
	Language    *string
	LanguagePos Pos
	// Link is the room's invitation link to turn on; nil leaves it as it is. LinkPos
	// is where link: is written.
	Link    *docspace.LinkPlan
	LinkPos Pos
	// TitlePos is where the title is written, for problems found once the portal is read.
	TitlePos Pos
}

// Group is one portal group a room should hold, by name or id as the file gives it.
type Group struct {
	Pos Pos
	// Ref is the group's name or id, read as --invite-group reads it.
	Ref string
	// Access is the level asked for; AccessNone when the file gives none.
	Access docspace.Access
}

// New reports whether the room is to be created unless one of its title exists: it
// has a type or a template.
func (r Room) New() bool { return r.ID == 0 && (r.Type != 0 || r.Template != "") }

// Name is how the room is named in messages: its title, else "room 2002".
func (r Room) Name() string {
	if r.Title != "" {
		return "\"" + r.Title + "\""
	}
	return fmt.Sprintf("room %d", r.ID)
}

// Person is one person a room should hold.
type Person struct {
	Pos   Pos
	Email string
	// Access is the level asked for; AccessNone when the file gives none.
	Access docspace.Access
}

// Error is one problem of a file, where it is and what to do.
type Error struct {
	Pos Pos
	Msg string
}

// Errors are every problem of a file, in the file's order.
type Errors struct {
	Path string
	List []Error
}

// Error lists the problems, one "file:line:column: message" a line.
func (e *Errors) Error() string {
	lines := make([]string, len(e.List))
	for i, x := range e.List {
		lines[i] = fmt.Sprintf("%s:%s: %s", e.Path, x.Pos, x.Msg)
	}
	return strings.Join(lines, "\n")
}

// The keys a plan file knows, by the mapping they belong to; ValidKeys returns them.
var (
	rootKeys     = []string{"defaults", "rooms"}
	defaultsKeys = []string{"access", "notify", "message", "language"}
	roomKeys     = []string{"id", "title", "type", "template", "access", "notify", "message", "language", "link", "people", "groups"}
	personKeys   = []string{"email", "access"}
	groupKeys    = []string{"name", "id", "access"}
	linkKeys     = []string{"access", "expires", "max-uses"}
)

// optionKey is a room option's key in a plan file: the flag's name, plural for one
// that is repeated (tag → tags), so files and flags say the same things.
func optionKey(s docspace.RoomSetting) string {
	if s.Repeat {
		return s.Flag + "s"
	}
	return s.Flag
}

// ValidKeys returns the keys each mapping of a plan file takes ("" the top level,
// then "defaults", "room", "person", "group" and "link"), for the schema test.
func ValidKeys() map[string][]string {
	room := slices.Clone(roomKeys)
	for _, s := range docspace.RoomSettings() {
		room = append(room, optionKey(s))
	}
	return map[string][]string{"": rootKeys, "defaults": defaultsKeys, "room": room, "person": personKeys, "group": groupKeys, "link": linkKeys}
}

// TypeNames are the room types a plan file names, as --type takes them.
var TypeNames = map[string]docspace.RoomType{
	"collaboration": docspace.RoomCollaboration, "custom": docspace.RoomCustom, "public": docspace.RoomPublic,
	"form-filling": docspace.RoomFillingForms, "vdr": docspace.RoomVirtualData,
}

// AccessNames are the access levels a plan file names, as --access takes them.
var AccessNames = map[string]docspace.Access{
	"room-admin": docspace.AccessRoomManager, "content-creator": docspace.AccessContentCreator,
	"editor": docspace.AccessEditing, "reviewer": docspace.AccessReview, "commenter": docspace.AccessComment,
	"viewer": docspace.AccessRead, "form-filler": docspace.AccessFillForms,
}

// Read reads and parses the plan file at path ("-": in).
func Read(path string, in io.Reader) (*File, error) {
	var (
		data []byte
		err  error
	)
	if path == "-" {
		data, err = io.ReadAll(io.LimitReader(in, MaxFileSize+1))
	} else {
		var f *os.File
		if f, err = os.Open(path); err == nil {
			data, err = io.ReadAll(io.LimitReader(f, MaxFileSize+1))
			_ = f.Close() // read only
		}
	}
	switch {
	case errors.Is(err, os.ErrNotExist):
		return nil, fmt.Errorf("cannot read the plan file %s: there is no such file: check the path", path)
	case err != nil:
		return nil, fmt.Errorf("cannot read the plan file %s: %s", path, outside.Line(err.Error(), 200))
	case len(data) > MaxFileSize:
		return nil, fmt.Errorf("the plan file %s is larger than %d MB: split it into several files", path, MaxFileSize>>20)
	}
	return Parse(path, data)
}

// Parse reads a plan file's text. Its error is *Errors, listing every problem.
func Parse(path string, data []byte) (*File, error) {
	p := &parser{f: &File{Path: path}}
	p.parse(data)
	if len(p.errs) > 0 {
		slices.SortStableFunc(p.errs, func(a, b Error) int {
			if a.Pos.Line != b.Pos.Line {
				return a.Pos.Line - b.Pos.Line
			}
			return a.Pos.Column - b.Pos.Column
		})
		return nil, &Errors{Path: path, List: p.errs}
	}
	return p.f, nil
}

type parser struct {
	f    *File
	errs []Error
}

func pos(n *yaml.Node) Pos { return Pos{Line: n.Line, Column: n.Column} }

func (p *parser) errorf(n *yaml.Node, format string, args ...any) {
	p.errs = append(p.errs, Error{Pos: pos(n), Msg: fmt.Sprintf(format, args...)})
}

// quote is text from the file as a message repeats it: one clean line, kept short.
func quote(s string) string { return strconv.Quote(outside.Line(s, 60)) }

func (p *parser) parse(data []byte) {
	if !strings.ContainsFunc(string(data), func(r rune) bool { return r != ' ' && r != '\n' && r != '\r' && r != '\t' }) {
		p.errs = append(p.errs, Error{Pos: Pos{Line: 1}, Msg: "the file is empty: list the rooms under rooms: (see docspace-wizard apply --help)"})
		return
	}
	dec := yaml.NewDecoder(strings.NewReader(string(data)))
	var doc yaml.Node
	if err := dec.Decode(&doc); err != nil {
		p.errs = append(p.errs, syntaxError(data, err))
		return
	}
	var extra yaml.Node
	if err := dec.Decode(&extra); err == nil {
		p.errorf(&extra, "a second YAML document (after ---): a plan file holds one; put every room under the one rooms:")
	} else if !errors.Is(err, io.EOF) {
		p.errs = append(p.errs, syntaxError(data, err))
	}
	if len(doc.Content) == 0 {
		p.errs = append(p.errs, Error{Pos: Pos{Line: 1}, Msg: "the file holds no plan: list the rooms under rooms:"})
		return
	}
	root := doc.Content[0]
	if !p.noAliases(root) {
		return
	}
	fields := p.mapping(root, "the plan", rootKeys)
	if fields == nil {
		return
	}
	if d, ok := fields["defaults"]; ok {
		p.defaults(d.value)
	}
	rooms, ok := fields["rooms"]
	if !ok {
		p.errorf(root, "the plan lists no rooms: add rooms: with one entry per room")
		return
	}
	if rooms.value.Kind != yaml.SequenceNode || len(rooms.value.Content) == 0 {
		p.errorf(rooms.value, "rooms: must list at least one room, each starting with \"- \" (title: or id:)")
		return
	}
	for _, n := range rooms.value.Content {
		if r, ok := p.room(n); ok {
			p.f.Rooms = append(p.f.Rooms, r)
		}
	}
	p.sameRoomTwice()
}

// syntaxError turns the YAML library's error into a problem with its line.
func syntaxError(data []byte, err error) Error {
	msg := strings.TrimPrefix(err.Error(), "yaml: ")
	line := 0
	if rest, ok := strings.CutPrefix(msg, "line "); ok {
		if num, tail, ok := strings.Cut(rest, ": "); ok {
			if n, err := strconv.Atoi(num); err == nil {
				line, msg = n, tail
			}
		}
	}
	line = problemLine(data, msg, line)
	return Error{Pos: Pos{Line: line}, Msg: "this is not valid YAML (" + outside.Line(msg, 120) + "): check the indentation, and quote text that holds a colon or starts with a special character"}
}

// maxRescan bounds the files problemLine re-reads: it parses one prefix per line.
const maxRescan = 256 << 10

// problemLine finds the line a syntax error is on. The library names the line where
// the block it was reading began (or none), so the first prefix of the file, from
// there on, that fails the same way ends on the line at fault.
func problemLine(data []byte, msg string, reported int) int {
	lines := strings.SplitAfter(string(data), "\n")
	if len(data) > maxRescan {
		return max(reported, 1)
	}
	var b strings.Builder
	for k, l := range lines {
		b.WriteString(l)
		if k+1 < reported {
			continue
		}
		var n yaml.Node
		if err := yaml.Unmarshal([]byte(b.String()), &n); err != nil && strings.HasSuffix(err.Error(), msg) {
			return k + 1
		}
	}
	return max(reported, 1)
}

// noAliases refuses anchors and aliases: a plan file is read as written, and an alias
// could make a small file expand into a huge one.
func (p *parser) noAliases(n *yaml.Node) bool {
	ok := true
	var walk func(*yaml.Node)
	walk = func(n *yaml.Node) {
		if n.Kind == yaml.AliasNode || n.Anchor != "" {
			p.errorf(n, "anchors and aliases (&name, *name) are not used in plan files: write the value out")
			ok = false
			return
		}
		for _, c := range n.Content {
			walk(c)
		}
	}
	walk(n)
	return ok
}

// field is one key of a mapping and its value.
type field struct{ key, value *yaml.Node }

// mapping reads a mapping whose keys must be among known; unknown and repeated keys
// are problems. It returns nil when n is not a mapping.
func (p *parser) mapping(n *yaml.Node, what string, known []string) map[string]field {
	if n.Kind != yaml.MappingNode {
		hint := map[string]string{"a room": ": start it with title: or id:", "a person": ": write email: before the address",
			"a group": ": write name: (or id:) before the group", "link": ": write access: under it"}[what]
		p.errorf(n, "%s must be a set of key: value lines, not %s%s", what, kindWords(n), hint)
		return nil
	}
	out := make(map[string]field, len(n.Content)/2)
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		name := k.Value
		switch {
		case k.Kind != yaml.ScalarNode:
			p.errorf(k, "a key in %s is not a plain word: write key: value", what)
			continue
		case !slices.Contains(known, name):
			p.errorf(k, "%s", unknownKey(name, what, known))
			continue
		}
		if prev, dup := out[name]; dup {
			p.errorf(k, "%s is given twice in %s (first on line %d): keep one", name, what, prev.key.Line)
			continue
		}
		out[name] = field{key: k, value: v}
	}
	return out
}

// unknownKey says a key is not one the mapping takes, naming the closest if any.
func unknownKey(name, what string, known []string) string {
	msg := fmt.Sprintf("unknown key %s in %s", quote(name), what)
	if near := nearest(name, known); near != "" {
		return msg + ": did you mean " + near + "?"
	}
	return msg + ": the keys here are " + strings.Join(known, ", ")
}

// nearest is the known word name was probably meant to be: the same but for case,
// dashes and underscores (denyDownload, deny_download), or at most two edits away.
func nearest(name string, known []string) string {
	flat := func(s string) string { return strings.ToLower(strings.NewReplacer("-", "", "_", "").Replace(s)) }
	best, bestD := "", 3
	for _, k := range known {
		if flat(k) == flat(name) {
			return k
		}
		if d := editDistance(flat(k), flat(name)); d < bestD {
			best, bestD = k, d
		}
	}
	return best
}

// editDistance is the Levenshtein distance of two short words.
func editDistance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	if len(ra) > 64 || len(rb) > 64 {
		return 99
	}
	prev := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur := make([]int, len(rb)+1)
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev = cur
	}
	return prev[len(rb)]
}

// kindWords names what a node is, for "must be …, not a list".
func kindWords(n *yaml.Node) string {
	switch n.Kind {
	case yaml.SequenceNode:
		return "a list"
	case yaml.MappingNode:
		return "a set of key: value lines"
	}
	if n.Tag == "!!null" {
		return "empty"
	}
	return quote(n.Value)
}

// text reads a scalar written as text; a number or a boolean must be quoted, so that
// a file means what an editor checking the schema says it means.
func (p *parser) text(f field) (string, bool) {
	n := f.value
	switch {
	case n.Kind != yaml.ScalarNode || n.Tag == "!!null":
		p.errorf(n, "%s must be text, not %s", f.key.Value, kindWords(n))
		return "", false
	case n.Tag != "!!str":
		p.errorf(n, "%s must be text: put %s in quotes", f.key.Value, quote(n.Value))
		return "", false
	}
	return n.Value, true
}

// boolean reads true or false.
func (p *parser) boolean(f field) (bool, bool) {
	n := f.value
	if n.Kind != yaml.ScalarNode || n.Tag != "!!bool" {
		p.errorf(n, "%s must be true or false, not %s", f.key.Value, kindWords(n))
		return false, false
	}
	b, err := strconv.ParseBool(strings.ToLower(n.Value))
	if err != nil { // YAML 1.1 words such as "yes"
		p.errorf(n, "%s must be true or false, not %s", f.key.Value, quote(n.Value))
		return false, false
	}
	return b, true
}

// access reads an access level by the name --access takes.
func (p *parser) access(f field) (docspace.Access, bool) {
	s, ok := p.text(f)
	if !ok {
		return 0, false
	}
	if a, ok := AccessNames[s]; ok {
		return a, true
	}
	names := sortedNames(AccessNames)
	if a, err := docspace.ParseAccess(s); err == nil {
		for _, n := range names {
			if AccessNames[n] == a {
				p.errorf(f.value, "access %s: write it as %s (plan files use the names --access takes)", quote(s), n)
				return 0, false
			}
		}
	}
	p.errorf(f.value, "unknown access %s: use one of %s", quote(s), strings.Join(names, ", "))
	return 0, false
}

// roomType reads a room type by the name --type takes.
func (p *parser) roomType(f field) (docspace.RoomType, bool) {
	s, ok := p.text(f)
	if !ok {
		return 0, false
	}
	if t, ok := TypeNames[s]; ok {
		return t, true
	}
	names := sortedNames(TypeNames)
	if t, err := docspace.ParseRoomType(s); err == nil {
		for _, n := range names {
			if TypeNames[n] == t {
				p.errorf(f.value, "type %s: write it as %s (plan files use the names --type takes)", quote(s), n)
				return 0, false
			}
		}
	}
	p.errorf(f.value, "unknown room type %s: use one of %s", quote(s), strings.Join(names, ", "))
	return 0, false
}

func sortedNames[V any](m map[string]V) []string {
	names := make([]string, 0, len(m))
	for n := range m {
		names = append(names, n)
	}
	slices.Sort(names)
	return names
}

func (p *parser) defaults(n *yaml.Node) {
	fields := p.mapping(n, "defaults", defaultsKeys)
	d := &p.f.Defaults
	if f, ok := fields["access"]; ok {
		d.Access, _ = p.access(f)
	}
	if f, ok := fields["notify"]; ok {
		if b, ok := p.boolean(f); ok {
			d.Notify = &b
		}
	}
	if f, ok := fields["message"]; ok {
		d.Message, _ = p.text(f)
	}
	if f, ok := fields["language"]; ok {
		if l, ok := p.language(f); ok {
			d.Language, d.LanguagePos = l, pos(f.value)
		}
	}
	if d.Notify != nil && !*d.Notify && strings.TrimSpace(d.Message) != "" {
		p.errorf(fields["message"].key, "a message is sent only with the notification e-mails, and notify: false turns them off: drop one of the two")
	}
}

// room reads one entry of rooms.
func (p *parser) room(n *yaml.Node) (Room, bool) {
	r := Room{Pos: pos(n)}
	before := len(p.errs)
	fields := p.mapping(n, "a room", ValidKeys()["room"])
	if fields == nil {
		return r, false
	}
	if f, ok := fields["id"]; ok {
		id, err := strconv.Atoi(f.value.Value)
		if f.value.Kind != yaml.ScalarNode || f.value.Tag != "!!int" || err != nil || id <= 0 {
			p.errorf(f.value, "id must be a room's number (from its link: …/rooms/shared/ID/…), not %s", kindWords(f.value))
		} else {
			r.ID = id
		}
	}
	if f, ok := fields["title"]; ok {
		if t, ok := p.text(f); ok {
			if msg := docspace.ValidateTitle(t); msg != "" {
				p.errorf(f.value, "%s", strings.TrimSuffix(msg, "."))
			} else {
				r.Title = docspace.TrimTitle(t)
			}
		}
		r.TitlePos = pos(f.value)
	}
	if f, ok := fields["type"]; ok {
		r.Type, _ = p.roomType(f)
	}
	if f, ok := fields["template"]; ok {
		if t, ok := p.text(f); ok {
			r.Template = strings.TrimSpace(t)
		}
	}
	if f, ok := fields["access"]; ok {
		r.Access, _ = p.access(f)
	}
	if f, ok := fields["notify"]; ok {
		if b, ok := p.boolean(f); ok {
			r.Notify = &b
		}
	}
	if f, ok := fields["message"]; ok {
		if m, ok := p.text(f); ok {
			r.Message = &m
		}
	}
	if f, ok := fields["language"]; ok {
		if l, ok := p.language(f); ok {
			r.Language, r.LanguagePos = &l, pos(f.value)
		}
	}
	p.options(&r, n, fields)
	p.roomShape(&r, n, fields)
	if f, ok := fields["people"]; ok {
		p.people(&r, f)
	}
	if f, ok := fields["groups"]; ok {
		p.groups(&r, f)
	}
	if f, ok := fields["link"]; ok {
		p.link(&r, f)
	}
	if r.Access != 0 && r.Type != 0 && !r.Type.Allows(r.Access) {
		p.errorf(fields["access"].value, "%s is not available in a %s room: use %s", r.Access, r.Type, allowedNames(r.Type))
	}
	notify := p.f.Defaults.Notify
	if r.Notify != nil {
		notify = r.Notify
	}
	if notify != nil && !*notify && r.Message != nil && strings.TrimSpace(*r.Message) != "" {
		p.errorf(fields["message"].key, "a message is sent only with the notification e-mails, and notify: false turns them off: drop one of the two")
	}
	if len(p.errs) == before {
		p.validate(r, fields)
	}
	return r, len(p.errs) == before
}

// roomShape checks the room is one of the three shapes: by id, by title alone, or new.
func (p *parser) roomShape(r *Room, n *yaml.Node, fields map[string]field) {
	_, hasID := fields["id"]
	_, hasTitle := fields["title"]
	_, hasType := fields["type"]
	_, hasTemplate := fields["template"]
	switch {
	case hasID:
		for _, k := range append([]string{"title", "type", "template"}, r.Given...) {
			if f, ok := fields[k]; ok {
				p.errorf(f.key, "a room given by id is an existing room, so %s is not used with it: drop %s, or drop id to find or create the room by its title", k, k)
			}
		}
	case !hasTitle:
		p.errorf(n, "a room needs an id (an existing room) or a title (an existing room of that exact title, or a new one with type:)")
	case hasType && hasTemplate:
		p.errorf(fields["type"].key, "a template makes a room of its own type, so type is not used with template: drop one of the two")
	case !hasType && !hasTemplate && len(r.Given) > 0:
		for _, k := range r.Given {
			p.errorf(fields[k].key, "%s is a setting for a new room: add type: (or template:) to create the room, or drop %s", k, k)
		}
	}
	_, hasPeople := fields["people"]
	_, hasGroups := fields["groups"]
	_, hasLink := fields["link"]
	if !hasPeople && !hasGroups && !hasLink && (hasID || hasTitle && !hasType && !hasTemplate) {
		p.errorf(n, "this existing room lists no people: add people: (or groups:, or link:), or add type: to create a new room")
	}
}

// options reads the room settings, each by its flag's name and parsed as the flag is.
func (p *parser) options(r *Room, n *yaml.Node, fields map[string]field) {
	for i := 0; i+1 < len(n.Content); i += 2 {
		key := n.Content[i].Value
		s, ok := settingByKey(key)
		if !ok {
			continue
		}
		f, ok := fields[key]
		if !ok || f.key != n.Content[i] {
			continue // a repeated key, already a problem
		}
		r.Given = append(r.Given, key)
		var values []string
		switch {
		case s.Repeat && f.value.Kind == yaml.SequenceNode:
			if len(f.value.Content) == 0 {
				p.errorf(f.value, "%s is empty: list at least one, or drop %s", key, key)
				continue
			}
			good := true
			for _, item := range f.value.Content {
				v, ok := p.text(field{key: f.key, value: item})
				good = good && ok
				values = append(values, v)
			}
			if !good {
				continue
			}
		case s.Bool:
			b, ok := p.boolean(f)
			if !ok {
				continue
			}
			values = []string{strconv.FormatBool(b)}
		case key == "quota" && f.value.Kind == yaml.ScalarNode && f.value.Tag == "!!int":
			values = []string{f.value.Value} // bytes, as --quota takes a bare number
		default:
			v, ok := p.text(f)
			if !ok {
				continue
			}
			values = []string{v}
		}
		for j, v := range values {
			at := f.value
			if s.Repeat && f.value.Kind == yaml.SequenceNode {
				at = f.value.Content[j]
			}
			if strings.Contains(v, ",") && s.Repeat {
				p.errorf(at, "one %s per list item: write [a, b] or one \"- \" line each, not a comma inside the text", strings.TrimSuffix(key, "s"))
				continue
			}
			if err := s.Apply(&r.Options, v); err != nil {
				p.errorf(at, "%s: %s", key, err.Error())
			}
		}
		if r.Type != 0 && !s.Supports(r.Type) {
			p.errorf(f.key, "%s is only for a %s; a %s room does not offer it: drop it, or use type: vdr", key, s.TypesText(), r.Type)
		}
	}
}

// settingByKey returns the room setting a plan file names key.
func settingByKey(key string) (docspace.RoomSetting, bool) {
	for _, s := range docspace.RoomSettings() {
		if optionKey(s) == key {
			return s, true
		}
	}
	return docspace.RoomSetting{}, false
}

// people reads a room's people: a list of email: and access:.
func (p *parser) people(r *Room, f field) {
	if f.value.Kind != yaml.SequenceNode {
		p.errorf(f.value, "people must be a list, each person starting with \"- email: \", not %s", kindWords(f.value))
		return
	}
	seen := map[string]int{}
	for _, n := range f.value.Content {
		fields := p.mapping(n, "a person", personKeys)
		if fields == nil {
			continue
		}
		per := Person{Pos: pos(n)}
		ef, ok := fields["email"]
		if !ok {
			p.errorf(n, "a person needs an email:")
			continue
		}
		if e, ok := p.text(ef); ok {
			es := docspace.ParseLine(e, ef.value.Line)
			switch {
			case len(es) != 1:
				p.errorf(ef.value, "email %s is not one e-mail address: give one address per person", quote(e))
			case es[0].Err != "":
				p.errorf(ef.value, "email %s: %s: correct the address", quote(e), es[0].Err)
			case !strings.EqualFold(es[0].Invitee.Email, strings.TrimSpace(e)):
				p.errorf(ef.value, "email %s is not a plain e-mail address: give the address alone, like ann@example.com", quote(e))
			default:
				per.Email = es[0].Invitee.Email
			}
		}
		if af, ok := fields["access"]; ok {
			if a, ok := p.access(af); ok {
				per.Access = a
				if r.Type != 0 && !r.Type.Allows(a) {
					p.errorf(af.value, "%s is not available in a %s room: use %s", a, r.Type, allowedNames(r.Type))
				}
			}
		}
		if per.Email != "" {
			key := strings.ToLower(per.Email)
			if first, dup := seen[key]; dup {
				p.errorf(ef.value, "%s is listed twice in this room (first on line %d): keep one", per.Email, first)
				continue
			}
			seen[key] = ef.value.Line
		}
		r.People = append(r.People, per)
	}
}

// language reads an invitation language code; whether the portal offers it is
// checked once the portal is read (the check reads its languages).
func (p *parser) language(f field) (string, bool) {
	s, ok := p.text(f)
	if !ok {
		return "", false
	}
	s = strings.TrimSpace(s)
	if s == "" || strings.ContainsAny(s, " \t,;") || len(s) > 16 {
		p.errorf(f.value, "language %s is not a language code: give one the portal lists, such as de, fr or pt-BR", quote(s))
		return "", false
	}
	return s, true
}

// groups reads a room's groups: a list of name: (or id:) and access:, each read as
// --invite-group reads it.
func (p *parser) groups(r *Room, f field) {
	if f.value.Kind != yaml.SequenceNode || len(f.value.Content) == 0 {
		p.errorf(f.value, "groups must be a list, each group starting with \"- name: \" (or \"- id: \"), not %s", kindWords(f.value))
		return
	}
	seen := map[string]int{}
	for _, n := range f.value.Content {
		fields := p.mapping(n, "a group", groupKeys)
		if fields == nil {
			continue
		}
		g := Group{Pos: pos(n)}
		nf, hasName := fields["name"]
		idf, hasID := fields["id"]
		var at field
		switch {
		case hasName && hasID:
			p.errorf(idf.key, "a group is named by name: or by id:, not both: drop one")
			continue
		case hasName:
			at = nf
		case hasID:
			at = idf
		default:
			p.errorf(n, "a group needs a name: (as the portal shows it) or an id:")
			continue
		}
		ref, ok := p.text(at)
		if !ok {
			continue
		}
		e := groupEntry(ref, at.value.Line)
		if e.Err != "" {
			p.errorf(at.value, "group %s: %s", quote(ref), e.Err)
			continue
		}
		if hasID && e.Invitee.GroupID() == "" {
			p.errorf(at.value, "id %s is not a group id (a GUID such as 8f1c…-…): give the group's id, or write name: instead", quote(ref))
			continue
		}
		g.Ref = strings.TrimSpace(ref)
		if af, ok := fields["access"]; ok {
			a, ok := p.access(af)
			if !ok {
				continue
			}
			g.Access = a
			switch {
			case a == docspace.AccessRoomManager:
				p.errorf(af.value, "a group can be at most content-creator, never room-admin: use %s", groupNames(r.Type))
				continue
			case r.Type != 0 && !r.Type.Allows(a):
				p.errorf(af.value, "%s is not available in a %s room: use %s", a, r.Type, groupNames(r.Type))
				continue
			}
		}
		key := strings.ToLower(g.Ref)
		if first, dup := seen[key]; dup {
			p.errorf(at.value, "the group %s is listed twice in this room (first on line %d): keep one", quote(g.Ref), first)
			continue
		}
		seen[key] = at.value.Line
		r.Groups = append(r.Groups, g)
	}
}

// groupEntry reads a group's name or id as --invite-group does. The file gives the
// level apart, so one is put after the name for the parser to take off: a name
// holding "=" or ", editor" stays whole.
func groupEntry(ref string, line int) docspace.Entry {
	e := docspace.ParseGroup(ref+"=viewer", line)
	e.Invitee.Access = docspace.AccessNone
	return e
}

// groupNames lists the access names a group may get in a room type (any when 0).
func groupNames(t docspace.RoomType) string {
	var out []string
	for _, n := range sortedNames(AccessNames) {
		a := AccessNames[n]
		if a != docspace.AccessRoomManager && (t == 0 || t.Allows(a)) {
			out = append(out, n)
		}
	}
	return strings.Join(out, ", ")
}

// link reads a room's invitation link: access:, and optional expires: (as
// --link-expires takes it, counted from now) and max-uses: (1–1000).
func (p *parser) link(r *Room, f field) {
	fields := p.mapping(f.value, "link", linkKeys)
	if fields == nil {
		return
	}
	r.LinkPos = pos(f.key)
	l := &docspace.LinkPlan{}
	good := true
	af, ok := fields["access"]
	if !ok {
		p.errorf(f.key, "link needs access: the level people joining by the link get (such as viewer)")
		good = false
	} else if a, ok := p.access(af); ok {
		l.Access = a
		if a == docspace.AccessRoomManager {
			p.errorf(af.value, "the invitation link cannot give room-admin (people joining with it are checked as guests): use another level")
			good = false
		} else if r.Type != 0 && !r.Type.Allows(a) {
			p.errorf(af.value, "%s is not available in a %s room: use %s", a, r.Type, groupNames(r.Type))
			good = false
		}
	} else {
		good = false
	}
	if ef, ok := fields["expires"]; ok {
		if s, ok := p.text(ef); !ok {
			good = false
		} else if t, err := docspace.ParseLinkExpiry(s, time.Now()); err != nil {
			p.errorf(ef.value, "expires: %s", err.Error())
			good = false
		} else {
			l.Expires = t
		}
	}
	if mf, ok := fields["max-uses"]; ok {
		n, err := strconv.Atoi(mf.value.Value)
		if mf.value.Kind != yaml.ScalarNode || mf.value.Tag != "!!int" || err != nil || n < 1 || n > docspace.MaxLinkUses {
			p.errorf(mf.value, "max-uses must be a number from 1 to %d, not %s: or leave it out for no limit", docspace.MaxLinkUses, kindWords(mf.value))
			good = false
		} else {
			l.MaxUses = n
		}
	}
	if good {
		r.Link = l
	}
}

// allowedNames lists the access names a room type allows, as a file writes them.
func allowedNames(t docspace.RoomType) string {
	var out []string
	for _, n := range sortedNames(AccessNames) {
		if t.Allows(AccessNames[n]) {
			out = append(out, n)
		}
	}
	return strings.Join(out, ", ")
}

// validate runs the plan checks every front-end shares on a room the file reads
// cleanly, so a file refuses what the flags would refuse.
func (p *parser) validate(r Room, fields map[string]field) {
	if !r.New() {
		return // an existing room is checked once the portal has been read
	}
	plan := p.f.Plan(r, r.Type)
	if r.Type == 0 {
		// A template's type is known once the portal is read; Content creator, allowed
		// in every room type, stands in for the levels left open until then.
		plan = onboardStandIn(plan)
	}
	for _, pr := range plan.Validate(docspace.PortalFacts{}) {
		at := r.Pos
		switch {
		case pr.Invitee >= 0:
			at = r.entryPos(pr.Invitee, at)
		case pr.Field == docspace.FieldMessage:
			if f, ok := fields["message"]; ok {
				at = pos(f.value)
			}
		case pr.Field == docspace.FieldLink && r.Link != nil:
			at = r.LinkPos
		}
		p.errs = append(p.errs, Error{Pos: at, Msg: strings.TrimSuffix(pr.Message, ".")})
	}
}

// onboardStandIn gives invitees without a level Content creator.
func onboardStandIn(pl docspace.Plan) docspace.Plan {
	pl.Invitees = slices.Clone(pl.Invitees)
	for i := range pl.Invitees {
		if pl.Invitees[i].Access == docspace.AccessNone {
			pl.Invitees[i].Access = docspace.AccessContentCreator
		}
	}
	return pl
}

// sameRoomTwice refuses a room listed twice (by id, or by title): its people would
// be planned twice.
func (p *parser) sameRoomTwice() {
	ids, titles := map[int]int{}, map[string]int{}
	for _, r := range p.f.Rooms {
		if r.ID != 0 {
			if first, dup := ids[r.ID]; dup {
				p.errs = append(p.errs, Error{Pos: r.Pos, Msg: fmt.Sprintf("room %d is listed twice (first on line %d): put its people under one entry", r.ID, first)})
			}
			ids[r.ID] = r.Pos.Line
		}
		if r.Title != "" {
			if first, dup := titles[r.Title]; dup {
				p.errs = append(p.errs, Error{Pos: r.Pos, Msg: fmt.Sprintf("the room \"%s\" is listed twice (first on line %d): put its people under one entry", r.Title, first)})
			}
			titles[r.Title] = r.Pos.Line
		}
	}
}

// entryPos is where the plan's i-th invitee is written: its people, then its groups;
// else fallback.
func (r Room) entryPos(i int, fallback Pos) Pos {
	switch {
	case i >= 0 && i < len(r.People):
		return r.People[i].Pos
	case i >= len(r.People) && i < len(r.People)+len(r.Groups):
		return r.Groups[i-len(r.People)].Pos
	}
	return fallback
}

// Language is the room's invitation language code; "" for the portal's own.
func (f *File) Language(r Room) (string, Pos) {
	if r.Language != nil {
		return *r.Language, r.LanguagePos
	}
	return f.Defaults.Language, f.Defaults.LanguagePos
}

// Notify is whether the room's run notifies existing users.
func (f *File) Notify(r Room) bool {
	switch {
	case r.Notify != nil:
		return *r.Notify
	case f.Defaults.Notify != nil:
		return *f.Defaults.Notify
	}
	return true
}

// Message is the room's invitation message.
func (f *File) Message(r Room) string {
	if r.Message != nil {
		return *r.Message
	}
	return f.Defaults.Message
}

// Plan is the run for room r of type t (the new room's, or the existing room's once
// read): a new room when r.New(), else room r.ID (0 until resolved), with everyone
// listed at their level: their own, else the room's, the file's default, the type's.
func (f *File) Plan(r Room, t docspace.RoomType) docspace.Plan {
	pl := docspace.Plan{RoomID: r.ID, RoomType: t, Notify: f.Notify(r), Message: f.Message(r), Link: r.Link}
	pl.Culture, _ = f.Language(r)
	if r.New() {
		pl.RoomID, pl.RoomType = 0, 0
		pl.NewRoom = &docspace.NewRoom{Title: r.Title, Type: r.Type, Options: r.Options, Template: r.Template}
	}
	for _, per := range r.People {
		a := per.Access
		for _, next := range []docspace.Access{r.Access, f.Defaults.Access, t.DefaultAccess()} {
			if a == docspace.AccessNone {
				a = next
			}
		}
		pl.Invitees = append(pl.Invitees, docspace.Invitee{Email: per.Email, Access: a, Line: per.Pos.Line})
	}
	for _, g := range r.Groups {
		// Read as --invite-group reads it, so a name and an id mean the same as there.
		inv := groupEntry(g.Ref, g.Pos.Line).Invitee
		inv.Access = g.Access
		for _, next := range []docspace.Access{r.Access, f.Defaults.Access} {
			if inv.Access == docspace.AccessNone {
				inv.Access = next
			}
		}
		if g.Access == docspace.AccessNone && inv.Access == docspace.AccessRoomManager {
			inv.Access = docspace.AccessContentCreator // the most a group may get, as for the type's default
		}
		pl.Invitees = append(pl.Invitees, inv)
	}
	if t.Valid() {
		pl = onboard.DefaultAccess(pl, t) // a group's default is capped at Content creator
	}
	return pl
}
