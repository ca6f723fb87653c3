package docspacetest

import (
	"net/http"
	"testing"

	"github.com/docspace-wizard/docspace-wizard/docspace"
)

func TestArchiveMovesTheRoomOutOfTheRoomsList(t *testing.T) {
	p, srv, _ := start(t)
	id := p.AddRoom("Sales", docspace.RoomCollaboration, Member{UserID: idUser, Access: docspace.AccessEditing})
	other := p.AddRoom("Support", docspace.RoomCustom)

	r := call(t, srv, keyOwner, http.MethodPut, roomPath(id)+"/archive", map[string]any{"deleteAfter": false})
	var op fileOperationDTO
	r.env(t, &op)
	if r.status != http.StatusOK || !op.Finished || op.Error != "" || op.ID == "" {
		t.Fatalf("archive answered %d %+v", r.status, op)
	}
	if !p.Archived(id) || p.Archived(other) {
		t.Fatalf("Archived(%d)=%v Archived(%d)=%v, want only the first", id, p.Archived(id), other, p.Archived(other))
	}
	if got := p.ArchiveCalls(); len(got) != 1 || got[0] != id {
		t.Errorf("ArchiveCalls = %v, want [%d]", got, id)
	}

	var list struct {
		Folders []folderDTO `json:"folders"`
	}
	call(t, srv, keyOwner, http.MethodGet, "/api/2.0/files/rooms?searchArea=0", nil).env(t, &list)
	if len(list.Folders) != 1 || list.Folders[0].Title != "Support" {
		t.Errorf("rooms listed after archiving: %+v, want only Support", list.Folders)
	}
	var room folderDTO
	call(t, srv, keyOwner, http.MethodGet, roomPath(id), nil).env(t, &room)
	if room.RootFolderType != folderTypeArchive {
		t.Errorf("archived room's rootFolderType = %d, want %d", room.RootFolderType, folderTypeArchive)
	}
	// An archived room is read-only: its members cannot change.
	if r := share(t, srv, keyOwner, id, map[string]any{"invitations": []inv{{"id": idUser, "access": 0}}}); r.status != http.StatusForbidden {
		t.Errorf("share on an archived room answered %d, want 403", r.status)
	}
	if a, ok := accessOf(p, id, "user@example.com"); !ok || a != docspace.AccessEditing {
		t.Errorf("member of the archived room: %v %v, want Editor", a, ok)
	}
	// Archiving it again changes nothing and still answers with a finished operation.
	if r := call(t, srv, keyOwner, http.MethodPut, roomPath(id)+"/archive", nil); r.status != http.StatusOK {
		t.Errorf("second archive answered %d", r.status)
	}
	if r := call(t, srv, keyUser, http.MethodPut, roomPath(other)+"/archive", nil); r.status != http.StatusForbidden {
		t.Errorf("archive by a non-member answered %d, want 403", r.status)
	}
}

func TestRemovalIsByIDOnlyAndRecorded(t *testing.T) {
	p, srv, _ := start(t)
	id := p.AddRoom("Sales", docspace.RoomCollaboration,
		Member{UserID: idUser, Access: docspace.AccessEditing}, Member{UserID: idUser2, Access: docspace.AccessRead})

	r := share(t, srv, keyOwner, id, map[string]any{"invitations": []inv{
		{"email": "user@example.com", "access": 0}, {"id": idUser2, "access": 0}, {"id": idGuest, "access": 0},
	}})
	if r.status != http.StatusOK {
		t.Fatalf("share answered %d %s", r.status, r.body)
	}
	if a, ok := accessOf(p, id, "user@example.com"); !ok || a != docspace.AccessEditing {
		t.Errorf("removed by e-mail: %v %v, want still Editor (the server ignores it)", a, ok)
	}
	if _, ok := accessOf(p, id, "second.user@example.com"); ok {
		t.Error("removed by id: still a member")
	}
	got := p.Removals()
	if len(got) != 3 {
		t.Fatalf("Removals = %+v, want 3", got)
	}
	if !got[0].Ignored || got[0].Email != "user@example.com" || got[0].Member {
		t.Errorf("removal by e-mail recorded as %+v", got[0])
	}
	if got[1].Ignored || got[1].UserID != idUser2 || !got[1].Member || got[1].RoomID != id {
		t.Errorf("removal by id recorded as %+v", got[1])
	}
	if got[2].Ignored || got[2].Member {
		t.Errorf("removal of a non-member recorded as %+v", got[2])
	}
}
