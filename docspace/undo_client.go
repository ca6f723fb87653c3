package docspace

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"time"
)

// SetAccess calls PUT /api/2.0/files/rooms/{id}/share to change the access of people
// already known by user id, AccessNone taking them out of the room. Entries by e-mail
// are refused without a call: the server ignores a removal by e-mail. Nobody is
// notified. It is retried, as repeating the same change is a no-op.
func (c *Client) SetAccess(ctx context.Context, roomID int, entries []Invitation) error {
	path := fmt.Sprintf("/api/2.0/files/rooms/%d/share", roomID)
	op := fmt.Sprintf("changing the access of %d %s in room %d", len(entries), plural(len(entries), "person", "people"), roomID)
	if roomID <= 0 {
		return c.refuse(op, http.MethodPut, path, "no room id given")
	}
	if len(entries) == 0 {
		return c.refuse(op, http.MethodPut, path, "there is nobody to change")
	}
	for i, e := range entries {
		if strings.TrimSpace(e.ID) == "" || e.Email != "" {
			return c.refuse(op, http.MethodPut, path, fmt.Sprintf("entry %d is not by user id (the portal ignores removals by e-mail)", i+1))
		}
		if e.Access != AccessNone && !e.Access.Valid() {
			return c.refuse(op, http.MethodPut, path, fmt.Sprintf("entry %d has access %d, which is not a room role", i+1, int(e.Access)))
		}
	}
	var w wireRoomSecurity
	return c.do(ctx, op, http.MethodPut, path, nil, InviteRequest{Invitations: entries}, &w, true)
}

// ArchiveJob is the portal's background operation moving a room to the Archive.
type ArchiveJob struct {
	ID       string
	Finished bool
	// Error is the operation's own failure, said by the portal; "" when none.
	Error string
}

// wireFileOperation is a FileOperationDto, the answer of PUT .../archive.
type wireFileOperation struct {
	ID       string `json:"id"`
	Finished bool   `json:"finished"`
	Error    string `json:"error"`
}

// ArchiveRoom calls PUT /api/2.0/files/rooms/{id}/archive, which moves the room to the
// Archive section in a background operation (never deletes it). It is not retried:
// whether a lost answer archived the room is read back with GetRoom (Room.Archived).
func (c *Client) ArchiveRoom(ctx context.Context, roomID int) (ArchiveJob, error) {
	path := fmt.Sprintf("/api/2.0/files/rooms/%d/archive", roomID)
	op := fmt.Sprintf("archiving room %d", roomID)
	if roomID <= 0 {
		return ArchiveJob{}, c.refuse(op, http.MethodPut, path, "no room id given")
	}
	var w wireFileOperation
	body := map[string]bool{"deleteAfter": false}
	if err := c.do(ctx, op, http.MethodPut, path, nil, body, &w, false); err != nil {
		return ArchiveJob{}, err
	}
	return ArchiveJob(w), nil
}

// archivePolls are the waits between reads of a room being archived.
var archivePolls = []time.Duration{250 * time.Millisecond, 500 * time.Millisecond, time.Second, 2 * time.Second}

// DefaultArchiveWait bounds how long archiving a room is waited for.
const DefaultArchiveWait = 60 * time.Second

// archiveAndConfirm archives the room and reads it back until it is in the Archive,
// within DefaultArchiveWait; it returns nil only once the portal shows it archived.
func (c *Client) archiveAndConfirm(ctx context.Context, roomID int) error {
	job, err := c.ArchiveRoom(ctx, roomID)
	if err == nil && job.Error != "" {
		return fmt.Errorf("the portal could not archive room %d: %s", roomID, job.Error)
	}
	start := c.now()
	for i := 0; ; i++ {
		room, rerr := c.GetRoom(ctx, roomID)
		switch {
		case rerr == nil && room.Archived:
			return nil
		case err != nil:
			// The archive call failed; the read says whether it happened all the same.
			return err
		case rerr != nil:
			return rerr
		}
		pause := archivePolls[min(i, len(archivePolls)-1)]
		if c.now().Sub(start)+pause > DefaultArchiveWait {
			return fmt.Errorf("room %d was not in the archive within %s of asking: look at it in DocSpace, then run undo again", roomID, DefaultArchiveWait)
		}
		wctx, release := waitContext(ctx)
		serr := c.sleep(wctx, pause)
		release()
		if serr != nil {
			return fmt.Errorf("stopped while the portal was archiving room %d", roomID)
		}
	}
}
