package docspace

import (
	"context"
	"net/http"
)

// Budget bounds the requests in flight at once across every run that shares it, so
// rooms running side by side stay inside the portal's per-user limits together.
type Budget struct {
	reads, writes chan struct{}
}

// NewBudget returns a budget of at most reads GETs and writes other calls at once.
func NewBudget(reads, writes int) *Budget {
	return &Budget{reads: make(chan struct{}, max(reads, 1)), writes: make(chan struct{}, max(writes, 1))}
}

// WithBudget makes the client take a slot of b for every request it sends.
func WithBudget(b *Budget) Option { return func(c *Client) { c.budget = b } }

// acquire waits for a slot for one request. A write waiting when the run is stopped
// is given up (it was never sent); a read waits on, as the read-back after a stop must
// still run, bounded by ctx.
func (b *Budget) acquire(ctx context.Context, method string) (release func(), err error) {
	slots := b.reads
	if method != http.MethodGet {
		slots = b.writes
		var done context.CancelFunc
		ctx, done = waitContext(ctx)
		defer done()
	}
	select {
	case slots <- struct{}{}:
		return func() { <-slots }, nil
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}
