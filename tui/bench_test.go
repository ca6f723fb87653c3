package tui

import (
	"fmt"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"github.com/docspace-wizard/docspace-wizard/docspace"
)

// The budgets (a later issue): with 1,000 people, View() of the people, access and
// review steps within 1 ms, and a keystroke in the people area within 2 ms.

func benchState(b *testing.B, people int) (*state, string) {
	b.Helper()
	fp := newFakePortal()
	ctx := b.Context()
	st := newState(ctx, testOptions(fp))
	st.client, st.keyStatus = fp, keyOK
	st.width, st.height, st.bodyWidth, st.bodyHeight = 120, 40, 118, 35
	st.d.action, st.d.title, st.d.roomType, st.d.typeSet = actionNew, "Bench", docspace.RoomCollaboration, true
	var sb strings.Builder
	for i := range people {
		fmt.Fprintf(&sb, "Person %d <person%d@example.com>\n", i, i)
		if i%3 == 0 {
			st.users[fmt.Sprintf("person%d@example.com", i)] = lookup{state: lookupFound, user: docspace.User{ID: fmt.Sprint(i), DisplayName: fmt.Sprint("Person ", i)}}
		}
	}
	return st, sb.String()
}

func BenchmarkPeopleKeystroke(b *testing.B) {
	st, text := benchState(b, 1000)
	p := newPeopleStep(st, text)
	p.ed.moveTo(500, 5)
	keys := []tea.KeyPressMsg{{Code: 'x', Text: "x"}, {Code: tea.KeyBackspace}}
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		p.Update(keys[i%2])
	}
}

func BenchmarkPeopleView(b *testing.B) {
	st, text := benchState(b, 1000)
	p := newPeopleStep(st, text)
	m := &model{st: st, steps: map[stepID]step{stepPeople: p}, cur: stepPeople, returnTo: stepNone}
	b.ResetTimer()
	for b.Loop() {
		_ = m.render()
	}
}

func BenchmarkAccessView(b *testing.B) {
	st, text := benchState(b, 1000)
	st.d.list = docspace.ParseInvitees(text)
	a := newAccessStep(st)
	a.enter()
	m := &model{st: st, steps: map[stepID]step{stepAccess: a, stepPeople: newPeopleStep(st, "")}, cur: stepAccess, returnTo: stepNone}
	st.d.list = docspace.ParseInvitees(text)
	b.ResetTimer()
	for b.Loop() {
		_ = m.render()
	}
}

func BenchmarkReviewView(b *testing.B) {
	st, text := benchState(b, 1000)
	st.d.list = docspace.ParseInvitees(text)
	r := newReviewStep(st)
	r.plan = st.d.plan(st.users)
	m := &model{st: st, steps: map[stepID]step{stepReview: r}, cur: stepReview, returnTo: stepNone}
	b.ResetTimer()
	for b.Loop() {
		_ = m.render()
	}
}

func BenchmarkPeoplePaste10000(b *testing.B) {
	st, _ := benchState(b, 0)
	var sb strings.Builder
	for i := range 10000 {
		fmt.Fprintf(&sb, "person%d@example.com\n", i)
	}
	text := sb.String()
	b.ResetTimer()
	for b.Loop() {
		p := newPeopleStep(st, "")
		p.Update(tea.PasteMsg{Content: text})
	}
}
