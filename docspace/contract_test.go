package docspace

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/docspace-wizard/docspace-wizard/internal/contract"
)

// Answers shaped as DocSpace 3.7 sends them, complete enough for the specification's
// required fields; the middleware checks them as it checks the client's requests.
const (
	contractUser = `{"id":"11111111-2222-4333-8444-555555555555","displayName":"Ann Admin","avatar":"/static/a.png","avatarSmall":"/static/a.png",` +
		`"profileUrl":"https://portal.example.com/accounts/view/ann","hasAvatar":false,"isAnonim":false,"firstName":"Ann","lastName":"Admin",` +
		`"userName":"ann","email":"ann@example.com","status":1,"activationStatus":1,"department":"","isAdmin":true,"isRoomAdmin":false,` +
		`"isLDAP":false,"isOwner":false,"isVisitor":false,"isCollaborator":false,"cultureName":"en-US","isSSO":false,` +
		`"registrationDate":"2025-03-04T05:06:07.0000000+00:00","hasPersonalFolder":true}`
	contractGuest = `{"id":"99999999-2222-4333-8444-555555555555","displayName":"bo@example.com","email":"bo@example.com","status":1,` +
		`"activationStatus":2,"isAdmin":false,"isRoomAdmin":false,"isOwner":false,"isVisitor":true,"isCollaborator":false,"hasAvatar":false,"isAnonim":false}`
	contractCreator = `{"id":"11111111-2222-4333-8444-555555555555","displayName":"Ann Admin","avatarSmall":"/static/a.png","profileUrl":"https://portal.example.com/accounts/view/ann","hasAvatar":false}`
	contractRoom    = `{"parentId":2,"filesCount":0,"foldersCount":0,"new":0,"mute":false,"tags":["q1"],"pinned":false,"roomType":2,"private":false,` +
		`"indexing":false,"denyDownload":false,"type":22,"inRoom":true,"quotaLimit":-1,"isCustomQuota":false,"usedSpace":0,` +
		`"id":42,"rootFolderId":2,"canShare":true,"security":{"Read":true,"EditRoom":true},"title":"Sales","access":0,"shared":false,` +
		`"shortWebUrl":"https://portal.example.com/s/abc","created":"2026-01-02T03:04:05.0000000+00:00","createdBy":` + contractCreator + `,` +
		`"updated":"2026-01-02T03:04:05.0000000+00:00","rootFolderType":14,"updatedBy":` + contractCreator + `,"fileEntryType":1}`
	contractMember = `{"access":10,"sharedToUser":` + contractGuest + `,"isLocked":false,"isOwner":false,"canEditAccess":true,"canEditInternal":false,` +
		`"canEditDenyDownload":false,"canEditExpirationDate":false,"canRevoke":true,"subjectType":0}`
	contractOwner = `{"access":9,"sharedToUser":` + contractUser + `,"isLocked":true,"isOwner":true,"canEditAccess":false,"canEditInternal":false,` +
		`"canEditDenyDownload":false,"canEditExpirationDate":false,"canRevoke":false,"subjectType":0}`
)

func envelopeOf(response string, count int, total string) string {
	s := `{"response":` + response + `,"count":` + strconv.Itoa(count)
	if total != "" {
		s += `,"total":` + total
	}
	return s + `,"links":[{"href":"https://portal.example.com/api/2.0/x","action":"GET"}],"status":0,"statusCode":200}`
}

func TestClientHonoursTheDocSpaceContract(t *testing.T) {
	spec := contract.Load(t)
	var mu sync.Mutex
	seen := map[string]bool{}
	c := specPortal(t, spec, func(r *http.Request, b []byte) (string, bool) {
		mu.Lock()
		seen[r.Method+" "+r.URL.Path] = true
		mu.Unlock()
		var body string
		switch r.Method + " " + r.URL.Path {
		case "GET /api/2.0/keys/@self":
			body = envelopeOf(`{"id":"6a7b9f0e-1111-4222-8333-944455556666","name":"Wizard","key":null,"keyPostfix":"cdef",`+
				`"permissions":["rooms:write","accounts:read"],"lastUsed":"2026-01-02T03:04:05.0000000+00:00",`+
				`"createOn":"2025-12-01T10:00:00.0000000+00:00","createBy":`+contractCreator+`,"expiresAt":null,"isActive":true}`, 1, "")
		case "GET /api/2.0/people/@self", "GET /api/2.0/people/email":
			body = envelopeOf(contractUser, 1, "")
		case "GET /api/2.0/settings":
			body = envelopeOf(`{"timezone":"UTC","trustedDomains":[],"trustedDomainsType":0,"culture":"en-US","utcOffset":"00:00:00","utcHoursOffset":0,`+
				`"greetingSettings":"Web Office","ownerId":"11111111-2222-4333-8444-555555555555","docSpace":true,"standalone":false,"isAmi":false,`+
				`"baseDomain":"onlyoffice.com","version":"3.7.0.1234","debugInfo":false,"cookieSettingsEnabled":false,"limitedAccessSpace":false,`+
				`"displayAbout":true,"invitationLimit":50,"deepLink":{"androidPackageName":"com.onlyoffice.documents","url":"","iosPackageId":""},`+
				`"maxImageUploadSize":1048576}`, 1, "")
		case "GET /api/2.0/settings/invitationsettings":
			body = envelopeOf(`{"allowInvitingMembers":true,"allowInvitingGuests":true}`, 1, "")
		case "POST /api/2.0/files/rooms", "GET /api/2.0/files/rooms/42":
			body = envelopeOf(contractRoom, 1, "")
		case "PUT /api/2.0/files/rooms/42/share":
			body = envelopeOf(`{"members":[`+contractMember+`],"warning":null,"error":0}`, 1, "")
		case "GET /api/2.0/files/rooms/42/share":
			body = envelopeOf(`[`+contractOwner+`,`+contractMember+`]`, 2, "2")
		case "GET /api/2.0/files/rooms":
			body = envelopeOf(`{"files":[],"folders":[`+contractRoom+`],"current":{"id":2,"title":"Rooms","rootFolderType":14,"filesCount":0,"foldersCount":1},`+
				`"pathParts":[{"id":2,"title":"Rooms"}],"startIndex":0,"count":1,"total":1,"new":0}`, 1, "1")
		default:
			return "", false
		}
		return body, true
	})
	ctx := context.Background()

	key, err := c.KeyInfo(ctx)
	if err != nil || key.LastUsed == nil || key.ExpiresAt != nil {
		t.Errorf("KeyInfo = %+v, %v", key, err)
	}
	if u, err := c.Self(ctx); err != nil || !u.IsAdmin {
		t.Errorf("Self = %+v, %v", u, err)
	}
	if s, err := c.Settings(ctx); err != nil || s.InvitationLimit != 50 {
		t.Errorf("Settings = %+v, %v", s, err)
	}
	if s, err := c.InvitationSettings(ctx); err != nil || !s.AllowInvitingGuests {
		t.Errorf("InvitationSettings = %+v, %v", s, err)
	}
	for _, rt := range RoomTypes() {
		if _, err := c.CreateRoom(ctx, CreateRoomRequest{Title: " Sales " + rt.String(), RoomType: rt, Tags: []string{"q1"}}); err != nil {
			t.Errorf("CreateRoom(%v): %v", rt, err)
		}
	}
	if _, err := c.CreateRoom(ctx, CreateRoomRequest{Title: strings.Repeat("é", MaxTitleLength), RoomType: RoomCustom}); err != nil {
		t.Errorf("CreateRoom with the longest title: %v", err)
	}
	if r, err := c.GetRoom(ctx, 42); err != nil || r.ID != 42 {
		t.Errorf("GetRoom = %+v, %v", r, err)
	}
	var invs []Invitation
	for _, a := range []Access{AccessRoomManager, AccessContentCreator, AccessEditing, AccessReview, AccessComment, AccessRead, AccessFillForms} {
		invs = append(invs, Invitation{Email: "p" + strconv.Itoa(int(a)) + "+tag@example.com", Access: a})
	}
	invs = append(invs, Invitation{ID: "99999999-2222-4333-8444-555555555555", Access: AccessRoomManager})
	if resp, err := c.Invite(ctx, 42, InviteRequest{Invitations: invs, Notify: true, Message: "Welcome", Culture: "en-US"}); err != nil || len(resp.Members) != 1 {
		t.Errorf("Invite = %+v, %v", resp, err)
	}
	if _, err := c.Invite(ctx, 42, InviteRequest{Invitations: invs[:1]}); err != nil {
		t.Errorf("Invite without notify: %v", err)
	}
	if page, err := c.RoomMembers(ctx, 42, 0, 100); err != nil || page.Total != 2 || len(page.Members) != 2 {
		t.Errorf("RoomMembers = %+v, %v", page, err)
	}
	if _, err := c.RoomMembers(ctx, 42, 200, 1); err != nil {
		t.Errorf("RoomMembers(count 1): %v", err)
	}
	if u, err := c.FindUserByEmail(ctx, "a+b@example.com"); err != nil || u.ID == "" {
		t.Errorf("FindUserByEmail = %+v, %v", u, err)
	}
	for _, f := range []RoomFilter{{}, {Filter: "Sales & Co", StartIndex: 100, Count: 25}, {Count: 1000}} {
		if page, err := c.ListRooms(ctx, f); err != nil || page.Total != 1 || len(page.Rooms) != 1 || page.Rooms[0].RoomType != RoomCollaboration {
			t.Errorf("ListRooms(%+v) = %+v, %v", f, page, err)
		}
	}
	want := []string{"GET /api/2.0/keys/@self", "GET /api/2.0/people/@self", "GET /api/2.0/settings", "GET /api/2.0/settings/invitationsettings",
		"POST /api/2.0/files/rooms", "GET /api/2.0/files/rooms/42", "PUT /api/2.0/files/rooms/42/share", "GET /api/2.0/files/rooms/42/share",
		"GET /api/2.0/people/email", "GET /api/2.0/files/rooms"}
	for _, call := range want {
		if !seen[call] {
			t.Errorf("the contract test never made %s", call)
		}
	}
}

// specPortal is a portal that answers with answer's body (given the request and its
// body; false for a call the test does not expect, answered 404) behind the spec's
// checks of every request and response, and a client for it.
func specPortal(t *testing.T, spec *contract.Spec, answer func(r *http.Request, body []byte) (string, bool)) *Client {
	t.Helper()
	portal := func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		w.Header().Set("Content-Type", "application/json; charset=utf-8")
		body, ok := answer(r, b)
		if !ok {
			w.WriteHeader(http.StatusNotFound)
			body = `{"error":{"message":"not in this test"},"status":1,"statusCode":404}`
		}
		_, _ = io.WriteString(w, body)
	}
	srv := httptest.NewServer(spec.Middleware(t, http.HandlerFunc(portal)))
	t.Cleanup(srv.Close)
	c, _ := clientFor(t, srv.URL)
	return c
}
