package tui

import (
	"context"
	"strings"

	tea "charm.land/bubbletea/v2"

	"github.com/docspace-wizard/docspace-wizard/docspace"
)

// groupCache is the portal's groups, read in the background once the key works, so
// "@Group" lines of the people list show their member count and complete.
type groupCache struct {
	items   []docspace.Group
	loading bool
	done    bool
	err     error
}

// groupLister is a Portal that can list groups (docspace.Client can).
type groupLister interface {
	Groups(ctx context.Context) ([]docspace.Group, error)
}

// groupsMsg carries the portal's groups.
type groupsMsg struct {
	portal string
	groups []docspace.Group
	err    error
}

// loadGroups asks for the portal's groups, once per portal.
func (st *state) loadGroups() tea.Cmd {
	gl, ok := st.client.(groupLister)
	if !ok || st.groups.loading || st.groups.done {
		return nil
	}
	st.groups.loading = true
	ctx, portal := st.ctx, st.client.Portal()
	return func() tea.Msg {
		gs, err := gl.Groups(ctx)
		return groupsMsg{portal: portal, groups: gs, err: err}
	}
}

// gotGroups stores the groups of the portal in use.
func (st *state) gotGroups(msg groupsMsg) {
	if st.client == nil || msg.portal != st.client.Portal() {
		return
	}
	st.groups = groupCache{items: msg.groups, done: msg.err == nil, err: msg.err}
	if st.groups.done && st.groups.items == nil {
		st.groups.items = []docspace.Group{}
	}
	if st.groups.done {
		st.d.groups = st.groups.items
	}
}

// groupOf is the portal's group an "@name" line names, once the groups are read.
func (st *state) groupOf(inv docspace.Invitee) (docspace.Group, bool) {
	if !st.groups.done {
		return docspace.Group{}, false
	}
	ref := inv.GroupID()
	if ref == "" {
		ref = inv.GroupName()
	}
	return docspace.FindGroup(st.groups.items, ref)
}

// groupCompletions are the names of the portal's groups that start with prefix
// (case-insensitive), for the people list's "@" lines; at most max of them (0: all).
func (st *state) groupCompletions(prefix string, max int) []string {
	var out []string
	p := strings.ToLower(strings.TrimSpace(prefix))
	for _, g := range st.groups.items {
		if strings.HasPrefix(strings.ToLower(g.Name), p) {
			out = append(out, g.Name)
			if len(out) == max && max > 0 {
				break
			}
		}
	}
	return out
}

// resolveGroup is inv with the group's id, name and member count filled in from the
// portal's groups, when they are read and name it.
func (st *state) resolveGroup(inv docspace.Invitee) docspace.Invitee {
	if g, ok := st.groupOf(inv); ok {
		inv = inv.Resolved(g)
	}
	return inv
}

// userCache is the portal's people, read in the background once the key works, so a
// name typed in the people list completes to the person's address.
type userCache struct {
	items []docspace.User
	// names and emails are items' display names and addresses in lower case, read
	// once so that filtering a keystroke costs no allocation per person.
	names, emails []string
	loading       bool
	done          bool
}

// userLister is a Portal that can list its people (docspace.Client can).
type userLister interface {
	Users(ctx context.Context) ([]docspace.User, error)
}

// usersMsg carries the portal's people.
type usersMsg struct {
	portal string
	users  []docspace.User
	err    error
}

// loadUsers asks for the portal's people, once per portal.
func (st *state) loadUsers() tea.Cmd {
	ul, ok := st.client.(userLister)
	if !ok || st.people.loading || st.people.done {
		return nil
	}
	st.people.loading = true
	ctx, portal := st.ctx, st.client.Portal()
	return func() tea.Msg {
		us, err := ul.Users(ctx)
		return usersMsg{portal: portal, users: us, err: err}
	}
}

// gotUsers stores the people of the portal in use who can be invited by address:
// active, with an e-mail. A failed read leaves names uncompleted; nothing else.
func (st *state) gotUsers(msg usersMsg) {
	if st.client == nil || msg.portal != st.client.Portal() {
		return
	}
	c := userCache{done: msg.err == nil}
	for _, u := range msg.users {
		if u.Email == "" || u.ActivationStatus == docspace.ActivationPending {
			continue
		}
		c.items = append(c.items, u)
		c.names = append(c.names, strings.ToLower(u.DisplayName))
		c.emails = append(c.emails, strings.ToLower(u.Email))
	}
	st.people = c
}

// userCompletions are the portal's people whose name, a word of it, or address starts
// with prefix (case-insensitive, at least two characters); at most max of them.
func (st *state) userCompletions(prefix string, max int) []docspace.User {
	p := strings.ToLower(strings.TrimSpace(prefix))
	if len(p) < 2 {
		return nil
	}
	var out []docspace.User
	c := &st.people
	for i, name := range c.names {
		if strings.HasPrefix(name, p) || strings.HasPrefix(c.emails[i], p) || strings.Contains(name, " "+p) {
			out = append(out, c.items[i])
			if len(out) == max {
				break
			}
		}
	}
	return out
}

// whoCount counts a list's people, and its groups apart when it has any: "3 people",
// "1 person, 2 groups".
func whoCount(invs []docspace.Invitee) string {
	groups := 0
	for _, inv := range invs {
		if inv.IsGroup() {
			groups++
		}
	}
	if groups == 0 {
		return plural(len(invs), "person", "people")
	}
	return plural(len(invs)-groups, "person", "people") + ", " + plural(groups, "group", "groups")
}
