package docspacetest

import (
	"net/http"
	"time"

	"github.com/docspace-wizard/docspace-wizard/docspace"
)

// Folder type and id of the Archive section, where archived rooms live.
const (
	folderTypeArchive = 20
	archiveFolderID   = 3
)

// Removal is one request to take a person out of a room (an invitation entry with
// access 0 None), as the portal received it.
type Removal struct {
	RoomID int
	// UserID is set for a removal by id; Email for one by e-mail, which the portal
	// ignores (Ignored true) as DocSpace does: undo must remove people by id.
	UserID, Email string
	Ignored       bool
	// Member says the person was in the room, so the removal took them out.
	Member bool
	At     time.Time
}

// Removals returns every removal the portal received, in order.
func (p *Portal) Removals() []Removal {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([]Removal(nil), p.removals...)
}

// Archived reports whether the room with this number is in the Archive section.
func (p *Portal) Archived(roomID int) bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	r, ok := p.roomsByID[roomID]
	return ok && r.archived
}

// ArchiveCalls returns the room numbers PUT .../archive was called for, in order.
func (p *Portal) ArchiveCalls() []int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([]int(nil), p.archiveCalls...)
}

// fileOperationDTO is the FileOperationDto an archive answers with.
type fileOperationDTO struct {
	ID        string `json:"id"`
	Operation int    `json:"Operation"`
	Progress  int    `json:"progress"`
	Error     string `json:"error"`
	Processed string `json:"processed"`
	Finished  bool   `json:"finished"`
}

// serveArchive answers PUT /api/2.0/files/rooms/{id}/archive: the server moves the room
// to the Archive in a background operation and answers with it; here the move is done
// by the time the answer leaves, and the operation says it finished. Archiving a room
// already in the archive is a no-op, as moving it where it is.
func (p *Portal) serveArchive(c *apiCall) {
	var in struct {
		DeleteAfter bool `json:"deleteAfter"`
	}
	if len(c.body) > 0 && !decodeBody(c, &in) {
		return
	}
	p.mu.Lock()
	r := p.roomForLocked(c)
	if r == nil {
		p.mu.Unlock()
		return
	}
	if !c.user.Role.isAdmin() && r.members[c.user.ID] != docspace.AccessRoomManager {
		p.mu.Unlock()
		writeError(c.w, http.StatusForbidden, msgAccessDenied)
		return
	}
	p.archiveCalls = append(p.archiveCalls, r.id)
	if !r.archived {
		r.archived, r.modified = true, p.now()
	}
	op := fileOperationDTO{ID: p.newID("operation"), Progress: 100, Processed: "1", Finished: true}
	p.mu.Unlock()
	writeOK(c, op, 1, nil)
}
