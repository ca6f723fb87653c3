package docspacetest

import (
	"net/http"
	"strconv"
	"time"
)

// limiter holds one key's rate-limit state.
type limiter struct {
	// window is a ring of the admitted requests' times within the last minute.
	window    []time.Time
	head, n   int
	dayStart  time.Time
	dayWrites int
	reads     int // in flight
	writes    int // in flight
}

// verdict is the outcome of admitting a request.
type verdict struct {
	limited    bool
	retryAfter time.Duration
	// headers are the X-RateLimit-* values; set when a per-minute limit is configured.
	limit, remaining int
	reset            time.Time
}

// admitLocked applies the key's rate limits to one request at now and, when admitted,
// counts it as in flight (undo with releaseLocked).
func (p *Portal) admitLocked(k *keyState, write bool, now time.Time) verdict {
	rl := p.rate
	if rl == (RateLimit{}) {
		return verdict{}
	}
	l := p.limiters[k]
	if l == nil {
		l = &limiter{window: make([]time.Time, max(rl.PerMinute, 0))}
		p.limiters[k] = l
	}
	for l.n > 0 && !now.Before(l.window[l.head].Add(time.Minute)) {
		l.head = (l.head + 1) % len(l.window)
		l.n--
	}
	var v verdict
	if rl.PerMinute > 0 {
		v.limit = rl.PerMinute
		v.reset = now.Add(time.Minute)
		if l.n > 0 {
			v.reset = l.window[l.head].Add(time.Minute)
		}
		v.remaining = rl.PerMinute - l.n
	}
	if write && rl.WritesPerDay > 0 && !now.Before(l.dayStart.Add(24*time.Hour)) {
		l.dayStart, l.dayWrites = now, 0
	}
	switch {
	case rl.PerMinute > 0 && l.n >= rl.PerMinute:
		v.limited, v.retryAfter = true, v.reset.Sub(now)
	case write && rl.WritesPerDay > 0 && l.dayWrites >= rl.WritesPerDay:
		v.limited, v.retryAfter = true, l.dayStart.Add(24*time.Hour).Sub(now)
	case write && rl.ParallelWrites > 0 && l.writes >= rl.ParallelWrites,
		!write && rl.ParallelReads > 0 && l.reads >= rl.ParallelReads:
		v.limited, v.retryAfter = true, time.Second
	}
	if v.limited {
		return v
	}
	if rl.PerMinute > 0 {
		l.window[(l.head+l.n)%len(l.window)] = now
		l.n++
		v.remaining--
		if l.n == 1 {
			v.reset = now.Add(time.Minute)
		}
	}
	if write {
		l.dayWrites++
		l.writes++
	} else {
		l.reads++
	}
	return v
}

// releaseLocked ends an admitted request.
func (p *Portal) releaseLocked(k *keyState, write bool) {
	l := p.limiters[k]
	if l == nil {
		return
	}
	if write {
		l.writes--
	} else {
		l.reads--
	}
}

// setHeaders writes the X-RateLimit-* headers, and Retry-After when limited.
func (v verdict) setHeaders(h http.Header) {
	if v.limit > 0 {
		h.Set("X-RateLimit-Limit", strconv.Itoa(v.limit))
		h.Set("X-RateLimit-Remaining", strconv.Itoa(max(v.remaining, 0)))
		h.Set("X-RateLimit-Reset", strconv.FormatInt(v.reset.Unix(), 10))
	}
	if v.limited {
		secs := int((v.retryAfter + time.Second - 1) / time.Second)
		h.Set("Retry-After", strconv.Itoa(max(secs, 1)))
	}
}
