package docspace

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"time"
)

// shareFilterInvitationLink is ShareFilterType.InvitationLink: GET …/share lists the
// room's invitation links only.
const shareFilterInvitationLink = "1"

// wireRoomLink is one entry of GET …/share?filterType=1: a FileShareDto whose
// sharedLink is the invitation link.
type wireRoomLink struct {
	Access wireAccess `json:"access"`
	Link   *struct {
		ID             string `json:"id"`
		ShareLink      string `json:"shareLink"`
		LinkType       int    `json:"linkType"`
		IsExpired      bool   `json:"isExpired"`
		ExpirationDate string `json:"expirationDate"`
		MaxUseCount    *int   `json:"maxUseCount"`
	} `json:"sharedLink"`
}

// InvitationLink calls GET /api/2.0/files/rooms/{id}/share with filterType 1 and
// returns the room's invitation link as it is now, or nil when it has none (or only
// one that has expired), so a run that would turn on the same link can leave it be.
func (c *Client) InvitationLink(ctx context.Context, roomID int) (*RoomLink, error) {
	path := fmt.Sprintf("/api/2.0/files/rooms/%d/share", roomID)
	op := fmt.Sprintf("reading the invitation link of room %d", roomID)
	if roomID <= 0 {
		return nil, c.refuse(op, http.MethodGet, path, "no room id given")
	}
	q := url.Values{"filterType": {shareFilterInvitationLink}, "count": {"100"}, "startIndex": {"0"}}
	var items json.RawMessage
	if err := c.do(ctx, op, http.MethodGet, path, q, nil, &envelope{Response: &items}, true); err != nil {
		return nil, err
	}
	var out *RoomLink
	skipped, err := decodeList(items, "response", func(w wireRoomLink) {
		if out != nil || w.Link == nil || w.Link.LinkType != 0 || w.Link.IsExpired || w.Link.ShareLink == "" {
			return
		}
		l := RoomLink{ID: w.Link.ID, URL: w.Link.ShareLink, Access: Access(w.Access)}
		if w.Link.MaxUseCount != nil {
			l.MaxUses = *w.Link.MaxUseCount
		}
		if t, err := time.Parse(time.RFC3339, w.Link.ExpirationDate); err == nil {
			if !t.After(time.Now()) {
				return
			}
			l.Expires = &t
		}
		out = &l
	})
	if err != nil {
		return nil, c.badAnswer(op, http.MethodGet, path, err.Error())
	}
	c.logSkipped(http.MethodGet, path, "links", skipped)
	return out, nil
}

// Gives reports whether the link as set gives what l asks: the same access and, when
// l limits its uses, the same limit. The expiry is not compared: one given as "7d"
// moves with every run, and the link set earlier still works until its own.
func (l LinkPlan) Gives(set *RoomLink) bool {
	return set != nil && set.Access == l.Access && (l.MaxUses == 0 || set.MaxUses == l.MaxUses)
}
