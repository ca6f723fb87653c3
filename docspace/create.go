package docspace

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
)

// room is the run's second phase: the plan's new room created, or the existing room
// the check read taken. False means there is no room to invite into.
func (r *run) room() bool {
	if r.plan.NewRoom == nil {
		room := *r.pre.Room
		r.res.Room = &room
		return true
	}
	r.emit(Event{Phase: PhaseCreate, State: EventStarted})
	create := r.create
	if r.plan.NewRoom.FromTemplate() {
		create = r.createFromTemplate
	}
	room, err := create(TrimTitle(r.plan.NewRoom.Title))
	if err != nil {
		r.emit(Event{Phase: PhaseCreate, State: EventFailed, Err: err, Room: r.res.Room})
		r.res.Err = err
		r.res.Cancelled = r.stopped()
		switch {
		case r.res.Room != nil && errors.Is(err, ErrTemplateJobUnread):
			// Its job's state could not be read: it may have finished or not.
			r.notSent("not sent: the room's template job may not have finished; check the room, then add people with --room")
		case r.res.Room != nil:
			// A template job that did not finish made this room: it is named, not used.
			r.notSent("not sent: the room's template job did not finish; check the room, then add people with --room")
		case r.res.RoomUncertain:
			// The headline says the room may exist: no row may say otherwise.
			r.notSent("not sent: the room may exist; check DocSpace")
		default:
			r.notSent("not sent: the room could not be created")
		}
		return false
	}
	r.res.Room, r.res.RoomCreated = &room, true
	if r.plan.NewRoom.FromTemplate() {
		r.res.Template = r.plan.NewRoom.Template // resolved to the template's title by the check
	}
	r.emit(Event{Phase: PhaseCreate, State: EventDone, Room: &room})
	return true
}

// create makes the room titled title. When the create's answer is lost it looks for
// the room the portal may have made anyway, and marks the result RoomUncertain when
// it cannot tell.
func (r *run) create(title string) (Room, error) {
	// The rooms titled so already, to recognise this run's room if the create's answer
	// is lost: as the check read them (a confirmed run's calls are create, share and
	// read-back only), else read now.
	before, ok := r.pre.roomsTitledBefore(title)
	var beforeErr error
	if !ok {
		before, beforeErr = r.c.roomsTitled(r.reqCtx, title)
	}
	req := CreateRoomRequest{Title: title, RoomType: r.plan.NewRoom.Type}
	req.Tags, req.RoomOptionFields = r.plan.NewRoom.Options.Request()
	room, err := r.c.reporting(r.emit, Event{Phase: PhaseCreate}).CreateRoom(r.reqCtx, req)
	if err == nil || !createMayHaveHappened(err) {
		return room, err
	}
	switch found, ok, sure := r.c.findCreatedRoom(r.reqCtx, title, before, beforeErr); {
	case ok:
		return found, nil
	case !sure || createMayStillRun(err):
		r.res.RoomUncertain = true
		return room, fmt.Errorf("%w; the portal may have created the room anyway: look for \"%s\" in DocSpace before running again", err, title)
	}
	return room, err
}

// createMayHaveHappened reports a failed create whose request may have reached the
// portal and been carried out: its answer was lost, cut off, unreadable or a server error.
func createMayHaveHappened(err error) bool {
	var e *APIError
	if !errors.As(err, &e) || e.NotSent {
		return false
	}
	return e.Kind == KindNetwork || e.Kind == KindServer || e.Kind == KindBadResponse
}

// createMayStillRun reports a create that timed out: the portal may still be making
// the room after the client gave up, so not finding it yet proves nothing.
func createMayStillRun(err error) bool {
	var e *APIError
	var ne net.Error
	return errors.As(err, &e) && e.Status == http.StatusGatewayTimeout ||
		errors.Is(err, context.DeadlineExceeded) || errors.As(err, &ne) && ne.Timeout()
}

// maxTitledPages bounds the pages roomsTitled reads.
const maxTitledPages = 10

// roomsTitled returns the active rooms titled exactly title, by id.
func (c *Client) roomsTitled(ctx context.Context, title string) (map[int]Room, error) {
	out := make(map[int]Room)
	for page, start := 0, 0; page < maxTitledPages; page++ {
		pg, err := c.ListRooms(ctx, RoomFilter{Filter: title, StartIndex: start, Count: PageSize})
		if err != nil {
			return nil, err
		}
		for _, r := range pg.Rooms {
			if r.Title == title && !r.ThirdParty() { // a created room is never on third-party storage
				out[r.ID] = r
			}
		}
		read := len(pg.Rooms) + pg.Skipped
		start += read
		if read == 0 || start >= pg.Total {
			return out, nil
		}
	}
	return out, nil
}

// findCreatedRoom looks for the room a create whose answer was lost may have made: the one
// room titled title that was not there before. ok says it was found; sure is false when
// whether it exists could not be told (a listing failed, or several such rooms appeared).
func (c *Client) findCreatedRoom(ctx context.Context, title string, before map[int]Room, beforeErr error) (room Room, ok, sure bool) {
	if beforeErr != nil {
		return Room{}, false, false
	}
	after, err := c.roomsTitled(ctx, title)
	if err != nil {
		return Room{}, false, false
	}
	var fresh []Room
	for id, r := range after {
		if _, old := before[id]; !old {
			fresh = append(fresh, r)
		}
	}
	switch len(fresh) {
	case 0:
		return Room{}, false, true
	case 1:
		return fresh[0], true, true
	}
	return Room{}, false, false
}
