package docspace

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
)

// Group is a portal group (GroupDto, the fields the wizard needs).
type Group struct {
	ID           string `json:"id"`
	Name         string `json:"name"`
	MembersCount int    `json:"membersCount"`
}

// maxGroupPages bounds the pages of groups one Groups call reads (10,000 groups).
const maxGroupPages = 100

// Groups calls GET /api/2.0/group, page after page, and returns every group of the
// portal in the order it lists them. A group without an id is skipped.
func (c *Client) Groups(ctx context.Context) ([]Group, error) {
	const (
		path = "/api/2.0/group"
		op   = "reading the portal's groups"
	)
	var out []Group
	for page := 0; page < maxGroupPages; page++ {
		q := url.Values{"count": {strconv.Itoa(PageSize)}, "startIndex": {strconv.Itoa(page * PageSize)}}
		var items json.RawMessage
		env := &envelope{Response: &items}
		if err := c.do(ctx, op, http.MethodGet, path, q, nil, env, true); err != nil {
			return nil, err
		}
		n := 0
		_, err := decodeList(items, "response", func(g Group) {
			n++
			if g.ID != "" {
				out = append(out, g)
			}
		})
		if err != nil {
			return nil, c.badAnswer(op, http.MethodGet, path, err.Error())
		}
		total := firstOf(env.Total, nil, -1)
		if n < PageSize || (total >= 0 && (page+1)*PageSize >= total) {
			return out, nil
		}
	}
	return out, nil
}

// IsGroup reports whether the invitee is a portal group rather than a person.
func (i Invitee) IsGroup() bool { return i.Group != nil }

// GroupName is the group's name ("" for a person, or a group given by id alone).
func (i Invitee) GroupName() string {
	if i.Group == nil {
		return ""
	}
	return i.Group.Name
}

// GroupID is the group's id once known ("" for a person, or a group not resolved).
func (i Invitee) GroupID() string {
	if i.Group == nil {
		return ""
	}
	return i.Group.ID
}

// GroupMembers is how many people the group has, once resolved.
func (i Invitee) GroupMembers() int {
	if i.Group == nil {
		return 0
	}
	return i.Group.Members
}

// Resolved is the invitee standing for group g, as the portal lists it.
func (i Invitee) Resolved(g Group) Invitee {
	i.Group = &GroupRef{Name: g.Name, ID: g.ID, Members: g.MembersCount}
	return i
}

// Unresolved is the invitee without a group id the portal does not list.
func (i Invitee) Unresolved() Invitee {
	if i.Group != nil && i.Group.ID != "" {
		g := *i.Group
		g.ID = ""
		i.Group = &g
	}
	return i
}

// groupKey is the identity of a group invitee: its id once known, else its name.
func (i Invitee) groupKey() string {
	if id := i.GroupID(); id != "" {
		return "group:" + strings.ToLower(id)
	}
	return "group:name:" + strings.ToLower(i.GroupName())
}

// GroupAccess returns the levels a group may get in a room of this type: what the
// type allows, except Room admin (the server's FileSecurity.AvailableRoomAccesses).
func (t RoomType) GroupAccess() []Access {
	var out []Access
	for _, a := range roomTypeTable[t].allowed {
		if a != AccessRoomManager {
			out = append(out, a)
		}
	}
	return out
}

// GroupPrefix starts a line of the people list that names a portal group.
const GroupPrefix = "@"

// groupEntry parses a line naming a group, "@Sales team" or "@Sales team=editor"
// (also ", editor"); ok is false when the line does not start with GroupPrefix.
func groupEntry(line string, lineNo int) (e Entry, ok bool) {
	t := strings.TrimSpace(line)
	rest, found := strings.CutPrefix(t, GroupPrefix)
	// "@x.com" is an address missing its local part, not a group: a group's name
	// has a space or no dot before any level, and no second @.
	head, _, _ := strings.Cut(rest, "=")
	if !found || strings.Contains(rest, "@") || strings.Contains(head, ".") && !strings.ContainsAny(strings.TrimSpace(head), " \t") {
		return Entry{}, false
	}
	e = ParseGroup(rest, lineNo)
	e.Raw = shortText(t)
	return e, true
}

// ParseGroup reads a group named as --invite-group takes it, "NAME|ID[=access]"
// (a level also after a comma), as the entry of line lineNo.
func ParseGroup(ref string, lineNo int) (e Entry) {
	e = Entry{Line: lineNo, Raw: shortText(ref), Invitee: Invitee{Line: lineNo}}
	name := strings.TrimSpace(ref)
	if k := strings.LastIndexAny(name, "=,"); k >= 0 {
		level := strings.TrimSpace(name[k+1:])
		a, known := lookupAccess(level)
		switch {
		case known:
			e.Invitee.Access = a
			name = strings.TrimSpace(name[:k])
		case name[k] == '=':
			e.Err = accessError(level)
			return e
		}
		// After a comma, what is no level is part of the name ("Sales, EMEA").
	}
	switch {
	case name == "":
		e.Err = "a group's name must follow the @"
	case len(name) > maxNameLength:
		e.Err = "the group's name is too long"
	case invisibleReason(name) != "":
		e.Err = "the group's name " + invisibleReason(name)
	default:
		e.Invitee.Group = &GroupRef{Name: name}
		if isUUIDText(name) {
			e.Invitee.Group.ID = strings.ToLower(name)
		}
	}
	return e
}

// isUUIDText reports text shaped like a GUID, as group ids are.
func isUUIDText(s string) bool {
	if len(s) != 36 {
		return false
	}
	for i, r := range s {
		switch i {
		case 8, 13, 18, 23:
			if r != '-' {
				return false
			}
		default:
			if !strings.ContainsRune("0123456789abcdefABCDEF", r) {
				return false
			}
		}
	}
	return true
}

// FindGroup returns the group a name or id given by the user means: the group with
// that id, else the one so named (case-insensitive); ok is false when none, or
// several, are.
func FindGroup(groups []Group, ref string) (g Group, ok bool) {
	ref = strings.TrimSpace(ref)
	n := 0
	for _, x := range groups {
		if strings.EqualFold(x.ID, ref) {
			return x, true
		}
		if strings.EqualFold(x.Name, ref) {
			g, n = x, n+1
		}
	}
	return g, n == 1
}

// groupNames lists the first few group names, for a problem saying which exist.
func groupNames(groups []Group) string {
	const most = 5
	var names []string
	for i, g := range groups {
		if i == most {
			names = append(names, fmt.Sprintf("and %d more", len(groups)-most))
			break
		}
		names = append(names, g.Name)
	}
	if len(names) == 0 {
		return "this portal has no groups"
	}
	return "the portal's groups: " + strings.Join(names, ", ")
}
