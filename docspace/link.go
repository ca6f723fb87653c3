package docspace

import (
	"context"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// MaxLinkUses is the most uses an invitation link may be given (maxUseCount 1–1000).
const MaxLinkUses = 1000

// LinkPlan is a room's invitation link to turn on: the access it gives, and an
// optional expiry and number of uses.
type LinkPlan struct {
	Access Access
	// Expires is when the link stops working; zero for never (the portal's default).
	Expires time.Time
	// MaxUses is how many people may join with it (1–1000); 0 for no limit.
	MaxUses int
}

// RoomLink is a room's invitation link as the portal set it.
type RoomLink struct {
	ID      string
	URL     string
	Access  Access
	Expires *time.Time
	MaxUses int
}

// linkRequest is the body of PUT /api/2.0/files/rooms/{id}/links (RoomLinkRequest).
type linkRequest struct {
	LinkType       int    `json:"linkType"` // 0: the room's invitation link
	Access         Access `json:"access"`
	Title          string `json:"title,omitempty"`
	ExpirationDate string `json:"expirationDate,omitempty"`
	MaxUseCount    int    `json:"maxUseCount,omitempty"`
}

// wireLinkShare is the answer's FileShareDto, its sharedLink.
type wireLinkShare struct {
	Access wireAccess `json:"access"`
	Link   *struct {
		ID             string `json:"id"`
		ShareLink      string `json:"shareLink"`
		ExpirationDate string `json:"expirationDate"`
		MaxUseCount    *int   `json:"maxUseCount"`
	} `json:"sharedLink"`
}

// SetInvitationLink calls PUT /api/2.0/files/rooms/{id}/links with linkType 0: it
// turns on (or changes) the room's invitation link. Repeating it sets the same link
// again, so it is retried like the share call.
func (c *Client) SetInvitationLink(ctx context.Context, roomID int, l LinkPlan) (RoomLink, error) {
	path := fmt.Sprintf("/api/2.0/files/rooms/%d/links", roomID)
	op := fmt.Sprintf("turning on the invitation link of room %d", roomID)
	if roomID <= 0 {
		return RoomLink{}, c.refuse(op, http.MethodPut, path, "no room id given")
	}
	if msg := l.problem(0); msg != "" {
		return RoomLink{}, c.refuse(op, http.MethodPut, path, msg)
	}
	req := linkRequest{Access: l.Access, Title: "Invitation link", MaxUseCount: l.MaxUses}
	if !l.Expires.IsZero() {
		req.ExpirationDate = l.Expires.UTC().Format(time.RFC3339)
	}
	var w wireLinkShare
	if err := c.do(ctx, op, http.MethodPut, path, nil, req, &w, true); err != nil {
		return RoomLink{}, err
	}
	if w.Link == nil || w.Link.ShareLink == "" {
		return RoomLink{}, c.badAnswer(op, http.MethodPut, path, "the answer has no link")
	}
	out := RoomLink{ID: w.Link.ID, URL: w.Link.ShareLink, Access: Access(w.Access)}
	if w.Link.MaxUseCount != nil {
		out.MaxUses = *w.Link.MaxUseCount
	}
	if t, err := time.Parse(time.RFC3339, w.Link.ExpirationDate); err == nil {
		out.Expires = &t
	}
	return out, nil
}

// problem says why the link cannot be set in a room of type rt (0: not known yet),
// "" when it can.
func (l LinkPlan) problem(rt RoomType) string {
	switch {
	case l.Access == AccessNone || !l.Access.Valid():
		return "The invitation link needs an access level."
	case l.Access == AccessRoomManager:
		return "The invitation link cannot give Room admin: people joining with it are checked as guests; choose another level."
	case rt.Valid() && !rt.Allows(l.Access):
		return fmt.Sprintf("The invitation link cannot give %s in a %s room; choose %s.", l.Access, rt, accessList(rt.GroupAccess()))
	case l.MaxUses < 0 || l.MaxUses > MaxLinkUses:
		return fmt.Sprintf("The invitation link's number of uses must be 1 to %d.", MaxLinkUses)
	}
	return ""
}

// Words describe the link for people: "Editor, until 4 Dec 2026, up to 50 people".
func (l LinkPlan) Words() string {
	w := l.Access.String()
	if !l.Expires.IsZero() {
		w += ", until " + l.Expires.Local().Format("2 Jan 2006 15:04")
	}
	if l.MaxUses > 0 {
		w += ", up to " + strconv.Itoa(l.MaxUses) + " people"
	}
	return w
}

// ParseLinkExpiry reads --link-expires: a number of days, hours or weeks ("7d",
// "12h", "2w") from now, or a date ("2026-12-31", the end of that day in UTC).
func ParseLinkExpiry(s string, now time.Time) (time.Time, error) {
	s = strings.TrimSpace(strings.ToLower(s))
	if t, err := time.Parse("2006-01-02", s); err == nil {
		t = t.Add(24*time.Hour - time.Second)
		if !t.After(now) {
			return time.Time{}, fmt.Errorf("%s is in the past: give a later date, or a number of days such as 7d", s)
		}
		return t, nil
	}
	if len(s) >= 2 {
		n, err := strconv.Atoi(s[:len(s)-1])
		unit := map[byte]time.Duration{'h': time.Hour, 'd': 24 * time.Hour, 'w': 7 * 24 * time.Hour}[s[len(s)-1]]
		if err == nil && unit > 0 && n > 0 && n <= 3650 {
			return now.Add(time.Duration(n) * unit).Truncate(time.Second), nil
		}
	}
	return time.Time{}, fmt.Errorf("%q is not an expiry: give a number of hours, days or weeks (12h, 7d, 2w) or a date (2026-12-31)", s)
}

// LinkError is a failed call turning a room's invitation link on. It comes after the
// room and its people were done, so only the link is in doubt; Unwrap gives the call's error.
type LinkError struct {
	Room Room
	// MayBeOn: the call may have reached the portal (its answer was lost or an error
	// page), so the link may be on anyway.
	MayBeOn bool
	Err     error
}

func (e *LinkError) Error() string {
	// The call's error names the room by its id: name it by its title instead, once.
	byID := fmt.Sprintf("turning on the invitation link of room %d: ", e.Room.ID)
	if msg := e.Err.Error(); strings.HasPrefix(msg, byID) {
		return fmt.Sprintf("turning on the invitation link of room \"%s\": %s", e.Room.Title, strings.TrimPrefix(msg, byID))
	}
	return fmt.Sprintf("turning on the invitation link of room \"%s\": %v", e.Room.Title, e.Err)
}

// Unwrap gives the call's error (an *APIError with its kind and hint).
func (e *LinkError) Unwrap() error { return e.Err }

// link is the run's last phase when the plan turns the room's invitation link on. A
// failure leaves the room and its members as they are: it is the result's LinkErr, and
// its Err unless an earlier phase failed.
func (r *run) link() {
	ev := Event{Phase: PhaseLink, Room: r.res.Room}
	r.emit(withState(ev, EventStarted))
	l, err := r.c.reporting(r.emit, ev).SetInvitationLink(r.reqCtx, r.res.Room.ID, *r.plan.Link)
	if err != nil {
		le := &LinkError{Room: *r.res.Room, MayBeOn: createMayHaveHappened(err), Err: err}
		ev.Err = le
		r.emit(withState(ev, EventFailed))
		r.res.LinkErr = le
		if r.res.Err == nil {
			r.res.Err = le
		}
		return
	}
	r.res.Link = &l
	r.emit(withState(ev, EventDone))
}
