package tui

import (
	"fmt"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"github.com/docspace-wizard/docspace-wizard/docspace"
)

// People with long Latin and CJK names, for the lists' columns.
const (
	longName = "Maximilian Alexander von Hohenzollern-Sigmaringen"
	cjkName  = "李小龍・欧阳娜娜・爱新觉罗溥仪・司马相如"
)

func namesPortal() *fakePortal {
	fp := goldenPortal()
	fp.users["max@example.com"] = docspace.User{ID: "u-max", DisplayName: longName}
	fp.users["li@example.com"] = docspace.User{ID: "u-li", DisplayName: cjkName}
	return fp
}

// namesDriver opens the wizard on three people: a long name with its own level, a CJK
// name and an address, each level label a different width.
func namesDriver(t *testing.T, rt docspace.RoomType, w, h int) *driver {
	t.Helper()
	opts := testOptions(namesPortal())
	opts.Prefill = Prefill{Title: ptr("T"), Type: ptr(rt), Invites: invites("max@example.com,content-creator\nli@example.com\nanna@example.com,viewer")}
	d := newDriver(t, opts, w, h)
	settled(d)
	return d
}

// rowLines are the screen's lines that show one of the people.
func rowLines(screen string) []string {
	var out []string
	for _, l := range strings.Split(screen, "\n") {
		if strings.Contains(l, "anna@") || strings.Contains(l, "Maximilian") || strings.Contains(l, "李") {
			out = append(out, l)
		}
	}
	return out
}

// The access step's per-person levels form one column whatever the label's width
// ("Content creator" is the widest), selected ("‹ … ›") or not, with CJK names in
// the rows: the level and the note after it start at the same column on every row.
func TestAccessLevelsLineUp(t *testing.T) {
	for _, rt := range []docspace.RoomType{docspace.RoomCollaboration, docspace.RoomCustom, docspace.RoomVirtualData, docspace.RoomFillingForms} {
		for _, size := range [][2]int{{60, 20}, {120, 40}} {
			t.Run(fmt.Sprintf("%s %dx%d", rt, size[0], size[1]), func(t *testing.T) {
				d := namesDriver(t, rt, size[0], size[1])
				d.goTo(stepAccess, "")
				d.keys("tab")
				for row := 0; row < 3; row++ {
					screen := d.screen()
					rows := rowLines(screen)
					if len(rows) != 3 {
						t.Fatalf("%d people rows:\n%s", len(rows), screen)
					}
					levelAt, noteAt := -1, -1
					for i, l := range rows {
						lv, nt := columnOf(l, levelLabels), columnOf(l, []string{"default", "from the list", "changed"})
						if lv < 0 || nt < 0 {
							t.Fatalf("row %d has no level or note: %q", i+1, l)
						}
						if i == 0 {
							levelAt, noteAt = lv, nt
							continue
						}
						if lv != levelAt || nt != noteAt {
							t.Errorf("with row %d selected, row %d's level is at column %d and its note at %d; row 1's at %d and %d:\n%s",
								row+1, i+1, lv, nt, levelAt, noteAt, strings.Join(rows, "\n"))
						}
						if w := ansiWidth(l); w > size[0] {
							t.Errorf("row %d is %d wide", i+1, w)
						}
					}
					d.keys("down")
				}
			})
		}
	}
}

var levelLabels = func() []string {
	var out []string
	for _, a := range []docspace.Access{docspace.AccessRoomManager, docspace.AccessContentCreator, docspace.AccessEditing, docspace.AccessReview, docspace.AccessComment, docspace.AccessRead, docspace.AccessFillForms} {
		out = append(out, a.String())
	}
	return out
}()

// columnOf is the screen column where the first of labels found in line starts,
// searched from the right (names come first); -1 when none is there.
func columnOf(line string, labels []string) int {
	at := -1
	for _, lb := range labels {
		if i := strings.LastIndex(line, lb); i > at {
			at = i
		}
	}
	if at < 0 {
		return -1
	}
	return ansiWidth(line[:at])
}

// At 120 columns there is room for every name in full: the people, access and review
// lists cut a name only when the width needs it (at 60 columns it does).
func TestNamesAreCutOnlyForWantOfRoom(t *testing.T) {
	for _, id := range []stepID{stepPeople, stepAccess, stepReview} {
		t.Run(id.String(), func(t *testing.T) {
			d := namesDriver(t, docspace.RoomCollaboration, 120, 40)
			d.goTo(id, "")
			screen := d.screen()
			for _, name := range []string{longName, cjkName} {
				if !strings.Contains(screen, name) {
					t.Errorf("at 120 columns %q is cut:\n%s", name, strings.Join(rowLines(screen), "\n"))
				}
			}
			d.send(tea.WindowSizeMsg{Width: 60, Height: 20})
			for i, l := range strings.Split(d.screen(), "\n") {
				if ansiWidth(l) > 60 {
					t.Errorf("at 60 columns line %d is %d wide: %q", i+1, ansiWidth(l), l)
				}
			}
		})
	}
}
