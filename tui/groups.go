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
	ref := inv.GroupID
	if ref == "" {
		ref = inv.Group
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
		inv.GroupID, inv.Group, inv.GroupMembers = g.ID, g.Name, g.MembersCount
	}
	return inv
}
