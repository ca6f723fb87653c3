package docspace

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/docspace-wizard/docspace-wizard/internal/outside"
)

// RoomQuotasOn calls GET /api/2.0/portal/payment/quota and reports whether the
// portal's room quota setting is on (roomsQuota.enableQuota), as the web client reads it.
func (c *Client) RoomQuotasOn(ctx context.Context) (bool, error) {
	const op, path = "reading the portal's quota settings", "/api/2.0/portal/payment/quota"
	var w struct {
		RoomsQuota *struct {
			EnableQuota bool `json:"enableQuota"`
		} `json:"roomsQuota"`
	}
	if err := c.do(ctx, op, http.MethodGet, path, nil, nil, &w, true); err != nil {
		return false, err
	}
	// A portal without the setting has no room quotas to turn on.
	return w.RoomsQuota != nil && w.RoomsQuota.EnableQuota, nil
}

// maxTagPages bounds the pages Tags reads.
const maxTagPages = 10

// Tags calls GET /api/2.0/files/tags and returns the portal's room tags, for a
// front-end to offer (new tags may still be given). Items that are neither a name nor
// an object with one are skipped.
func (c *Client) Tags(ctx context.Context) ([]string, error) {
	const op, path = "reading the portal's tags", "/api/2.0/files/tags"
	var out []string
	for page := range maxTagPages {
		q := url.Values{"count": {"100"}, "startIndex": {strconv.Itoa(page * 100)}}
		var raw json.RawMessage
		if err := c.do(ctx, op, http.MethodGet, path, q, nil, &raw, true); err != nil {
			return nil, err
		}
		var items []json.RawMessage
		if err := json.Unmarshal(raw, &items); err != nil {
			return nil, c.badAnswer(op, http.MethodGet, path, "the tags are not a list")
		}
		skipped := 0
		for _, it := range items {
			var name string
			if json.Unmarshal(it, &name) != nil {
				var obj struct {
					Name string `json:"name"`
				}
				if json.Unmarshal(it, &obj) != nil {
					skipped++
					continue
				}
				name = obj.Name
			}
			if name = strings.TrimSpace(outside.Line(name, MaxTagLength)); name != "" {
				out = append(out, name)
			}
		}
		c.logSkipped(http.MethodGet, path, "tags", skipped)
		if len(items) < 100 {
			break
		}
	}
	return out, nil
}

// Covers returns the names of the portal's room covers (GET files/rooms/covers), the
// icons a room's logo can show on its colour.
func (c *Client) Covers(ctx context.Context) ([]string, error) {
	const op, path = "reading the portal's room covers", "/api/2.0/files/rooms/covers"
	var items []struct {
		ID string `json:"id"`
	}
	if err := c.do(ctx, op, http.MethodGet, path, nil, nil, &items, true); err != nil {
		return nil, err
	}
	var out []string
	for _, it := range items {
		if id := strings.TrimSpace(outside.Line(it.ID, MaxCoverLength)); id != "" {
			out = append(out, id)
		}
	}
	return out, nil
}
