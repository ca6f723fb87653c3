package planfile

import (
	"bytes"
	"fmt"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/docspace-wizard/docspace-wizard/docspace"
)

// SchemaHint is the first line of a plan file written by FromRun: it points editors
// that read it (yaml-language-server) at the format's schema.
const SchemaHint = "# yaml-language-server: $schema=https://github.com/docspace-wizard/docspace-wizard/raw/main/schema/plan.schema.json"

// FromRun is the plan file that repeats what a run did: the room it created (by title
// and type, with its settings, so applying the file elsewhere makes it again and here
// finds it in place) or the existing room it used (by id), the people and groups now
// in it at their access, the invitation language and the invitation link it turned
// on. It is empty when the run left no room.
func FromRun(p docspace.Plan, res docspace.Result) []byte {
	if res.Room == nil {
		return nil
	}
	room := &yaml.Node{Kind: yaml.MappingNode}
	add := func(key string, value *yaml.Node) {
		room.Content = append(room.Content, &yaml.Node{Kind: yaml.ScalarNode, Value: key}, value)
	}
	str := func(s string) *yaml.Node { return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: s} }
	if res.RoomCreated && p.NewRoom != nil {
		add("title", str(res.Room.Title))
		if res.Template != "" {
			add("template", str(res.Template))
		} else {
			add("type", str(typeName(res.Room.RoomType)))
		}
		for _, s := range docspace.RoomSettings() {
			if s.IsSet(p.NewRoom.Options) {
				add(optionKey(s), optionValue(s.Flag, p.NewRoom.Options))
			}
		}
	} else {
		add("id", &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!int", Value: strconv.Itoa(res.Room.ID)})
	}
	if !p.Notify {
		add("notify", &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!bool", Value: "false"})
	} else if p.Message != "" {
		add("message", str(p.Message))
	}
	if p.Culture != "" {
		add("language", str(p.Culture))
	}
	if p.Link != nil && res.Link != nil {
		link := &yaml.Node{Kind: yaml.MappingNode, Content: []*yaml.Node{{Kind: yaml.ScalarNode, Value: "access"}, str(accessName(p.Link.Access))}}
		if !p.Link.Expires.IsZero() {
			// A date, as the run's "7d" would count from the day the file is applied.
			link.Content = append(link.Content, &yaml.Node{Kind: yaml.ScalarNode, Value: "expires"}, str(p.Link.Expires.UTC().Format("2006-01-02")))
		}
		if p.Link.MaxUses > 0 {
			link.Content = append(link.Content, &yaml.Node{Kind: yaml.ScalarNode, Value: "max-uses"}, &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!int", Value: strconv.Itoa(p.Link.MaxUses)})
		}
		add("link", link)
	}
	people := &yaml.Node{Kind: yaml.SequenceNode}
	groups := &yaml.Node{Kind: yaml.SequenceNode}
	for _, o := range res.Outcomes {
		if o.Kind.InRoom() && o.Invitee.IsGroup() {
			// By name, which another portal's group of that name matches too; the id
			// beside it says which group it was here.
			ref, key := o.Invitee.GroupName(), "name"
			if ref == "" {
				ref, key = o.Invitee.GroupID(), "id"
			}
			name := str(ref)
			if id := o.Invitee.GroupID(); key == "name" && id != "" && !strings.ContainsFunc(id, notIDRune) {
				name.LineComment = "# id " + o.Invitee.GroupID()
			}
			groups.Content = append(groups.Content, &yaml.Node{Kind: yaml.MappingNode, Content: []*yaml.Node{
				{Kind: yaml.ScalarNode, Value: key}, name,
				{Kind: yaml.ScalarNode, Value: "access"}, str(accessName(o.Invitee.Access)),
			}})
			continue
		}
		if !o.Kind.InRoom() || o.Invitee.Email == "" {
			continue
		}
		people.Content = append(people.Content, &yaml.Node{Kind: yaml.MappingNode, Content: []*yaml.Node{
			{Kind: yaml.ScalarNode, Value: "email"}, str(o.Invitee.Email),
			{Kind: yaml.ScalarNode, Value: "access"}, str(accessName(o.Invitee.Access)),
		}})
	}
	if len(people.Content) > 0 {
		add("people", people)
	}
	if len(groups.Content) > 0 {
		add("groups", groups)
	}
	doc := &yaml.Node{Kind: yaml.MappingNode, Content: []*yaml.Node{
		{Kind: yaml.ScalarNode, Value: "rooms"}, {Kind: yaml.SequenceNode, Content: []*yaml.Node{room}},
	}}
	var b bytes.Buffer
	b.WriteString(SchemaHint + "\n")
	enc := yaml.NewEncoder(&b)
	enc.SetIndent(2)
	_ = enc.Encode(doc) // a tree of strings this function built encodes
	_ = enc.Close()
	return b.Bytes()
}

// notIDRune reports a character no group id has, so a comment holds only an id.
func notIDRune(r rune) bool {
	return !(r == '-' || r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z')
}

// typeName is the name a plan file gives a room type.
func typeName(t docspace.RoomType) string {
	for n, x := range TypeNames {
		if x == t {
			return n
		}
	}
	return strconv.Itoa(int(t))
}

// accessName is the name a plan file gives an access level.
func accessName(a docspace.Access) string {
	for n, x := range AccessNames {
		if x == a {
			return n
		}
	}
	return strconv.Itoa(int(a))
}

// optionValue is a set room option written as its flag takes it, so it reads back the same.
func optionValue(flag string, o docspace.RoomOptions) *yaml.Node {
	str := func(s string) *yaml.Node { return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: s} }
	switch flag {
	case "tag":
		seq := &yaml.Node{Kind: yaml.SequenceNode, Style: yaml.FlowStyle}
		for _, t := range o.Tags {
			seq.Content = append(seq.Content, str(t))
		}
		return seq
	case "color":
		return str(o.Color)
	case "cover":
		return str(o.Cover)
	case "quota":
		if *o.Quota == docspace.QuotaNone {
			return str("none")
		}
		return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!int", Value: strconv.FormatInt(*o.Quota, 10)}
	case "indexing":
		return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!bool", Value: strconv.FormatBool(o.Indexing)}
	case "deny-download":
		return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!bool", Value: strconv.FormatBool(o.DenyDownload)}
	case "lifetime":
		l := o.Lifetime
		v := fmt.Sprintf("%d%s", l.Value, map[docspace.LifetimePeriod]string{docspace.LifetimeDays: "d", docspace.LifetimeMonths: "m", docspace.LifetimeYears: "y"}[l.Period])
		if l.DeletePermanently {
			v += ",delete"
		}
		return str(v)
	case "watermark":
		w := o.Watermark
		var v string
		if w.Text != "" {
			v = "text:" + w.Text
		} else {
			var words []string
			for _, x := range []struct {
				a    docspace.WatermarkAdditions
				word string
			}{{docspace.WatermarkUserName, "user"}, {docspace.WatermarkUserEmail, "email"}, {docspace.WatermarkIP, "ip"}, {docspace.WatermarkDate, "date"}, {docspace.WatermarkRoomName, "room"}} {
				if w.Additions&x.a != 0 {
					words = append(words, x.word)
				}
			}
			v = "info:" + strings.Join(words, ",")
		}
		switch {
		case w.Rotate == docspace.WatermarkHorizontal:
			v += ";horizontal"
		case strings.Contains(v, ";"):
			v += ";diagonal" // so a text's own last ";…" is not read as the layout
		}
		return str(v)
	}
	return str("")
}
