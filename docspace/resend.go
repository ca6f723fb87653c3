package docspace

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"sort"
	"strings"
)

// ResendLimit and ResendWindow are the server's own rate limit on resending
// invitations (when its rate limits are on): 5 calls per 15 minutes per user. A run
// resends to everyone in one call.
const (
	ResendLimit  = 5
	ResendWindow = "15 minutes"
)

// resendRequest is the body of POST /api/2.0/files/rooms/{id}/resend (UserInvitation).
type resendRequest struct {
	UsersIDs  []string `json:"usersIds,omitempty"`
	ResendAll bool     `json:"resendAll"`
}

// Resend calls POST /api/2.0/files/rooms/{id}/resend: the room's invitation is sent
// again to the pending guests userIDs, or to all of them when userIDs is empty. It is
// not retried: a refusal for the rate limit is the caller's to say (see ResendRefusal).
func (c *Client) Resend(ctx context.Context, roomID int, userIDs []string) error {
	path := fmt.Sprintf("/api/2.0/files/rooms/%d/resend", roomID)
	op := fmt.Sprintf("resending the invitations of room %d", roomID)
	if roomID <= 0 {
		return c.refuse(op, http.MethodPost, path, "no room id given")
	}
	req := resendRequest{UsersIDs: userIDs, ResendAll: len(userIDs) == 0}
	return c.do(ctx, op, http.MethodPost, path, nil, req, nil, false)
}

// PendingGuests reads a room's members and returns the guests who have not accepted
// their invitation yet, by e-mail.
func (c *Client) PendingGuests(ctx context.Context, roomID int) ([]User, error) {
	members, err := c.allMembers(ctx, roomID, 0)
	if err != nil {
		return nil, err
	}
	seen := map[string]bool{}
	var out []User
	for _, m := range members {
		u := m.User
		if u.ActivationStatus != ActivationPending || u.ID == "" || seen[u.ID] {
			continue
		}
		seen[u.ID] = true
		out = append(out, u)
	}
	sort.Slice(out, func(i, j int) bool { return strings.ToLower(out[i].Email) < strings.ToLower(out[j].Email) })
	return out, nil
}

// ResendRefusal says in one sentence why a resend was refused for the rate limit,
// and when to try again; "" when err is not that.
func ResendRefusal(err error) string {
	var ae *APIError
	if !errors.As(err, &ae) || ae.Kind != KindRateLimited {
		return ""
	}
	when := "in a quarter of an hour"
	if ae.RetryAfter > 0 {
		when = "in " + waitWords(ae.RetryAfter)
	}
	return fmt.Sprintf("The portal allows resending invitations %d times per %s, and that is used up: try again %s.", ResendLimit, ResendWindow, when)
}
