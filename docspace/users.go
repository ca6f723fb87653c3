package docspace

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"strconv"
	"sync"

	"golang.org/x/sync/errgroup"
)

// maxUserPages bounds the pages of users one Users call reads (10,000 people): a
// directory for completing names, not a copy of a large portal.
const maxUserPages = 100

// userReads bounds the pages of people read at once.
const userReads = 2

// Users calls GET /api/2.0/people/filter and returns the portal's people, up to
// maxUserPages pages of PageSize: the first page, then the rest its total says,
// userReads at a time (a background read: it leaves the portal's reads to the rest).
// A person without an id is skipped.
func (c *Client) Users(ctx context.Context) ([]User, error) {
	first, total, err := c.userPage(ctx, 0)
	if err != nil {
		return nil, err
	}
	pages := min((total+PageSize-1)/PageSize, maxUserPages)
	if pages <= 1 {
		return first, nil
	}
	rest := make([][]User, pages)
	rest[0] = first
	var g errgroup.Group
	g.SetLimit(userReads)
	var mu sync.Mutex
	for i := 1; i < pages; i++ {
		g.Go(func() error {
			us, _, err := c.userPage(ctx, i*PageSize)
			mu.Lock()
			rest[i] = us
			mu.Unlock()
			return err
		})
	}
	if err := g.Wait(); err != nil {
		return nil, err
	}
	var out []User
	for _, us := range rest {
		out = append(out, us...)
	}
	return out, nil
}

// userPage reads one page of people from start, and the total the portal reports.
func (c *Client) userPage(ctx context.Context, start int) ([]User, int, error) {
	const (
		path = "/api/2.0/people/filter"
		op   = "reading the portal's people"
	)
	q := url.Values{"count": {strconv.Itoa(PageSize)}, "startIndex": {strconv.Itoa(start)}}
	var items json.RawMessage
	env := &envelope{Response: &items}
	if err := c.do(ctx, op, http.MethodGet, path, q, nil, env, true); err != nil {
		return nil, 0, err
	}
	var out []User
	_, err := decodeList(items, "response", func(u User) {
		if u.ID != "" {
			out = append(out, u)
		}
	})
	if err != nil {
		return nil, 0, c.badAnswer(op, http.MethodGet, path, err.Error())
	}
	return out, firstOf(env.Total, nil, len(out)), nil
}
