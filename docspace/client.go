package docspace

import (
	"context"
	"errors"
	"net/http"
	"time"
)

// Client calls one DocSpace portal with one API key. It is safe for concurrent use.
type Client struct {
	portal  string // normalised: scheme://host[:port][/prefix], no trailing slash
	key     string
	http    *http.Client
	ua      string
	timeout time.Duration
	retry   RetryPolicy
}

// RetryPolicy bounds retries of safe calls (GETs and the share call).
type RetryPolicy struct {
	MaxAttempts int           // including the first; 1 disables retries
	MaxTotal    time.Duration // total time across attempts, waits included
	BaseDelay   time.Duration // first back-off when the server gives no Retry-After
}

// Option configures a Client.
type Option func(*Client)

var errTODO = errors.New("not implemented")

// New returns a client for portal (normalised with NormalizePortal) and key.
func New(portal, key string, opts ...Option) (*Client, error) { return nil, errTODO }

// NormalizePortal checks a portal URL and returns its canonical form:
// https only (http for loopback hosts), no trailing slash, path prefix kept.
func NormalizePortal(raw string) (string, error) { return "", errTODO }

// WithHTTPClient sets the HTTP client (tests, proxies).
func WithHTTPClient(h *http.Client) Option { return func(c *Client) { c.http = h } }

// WithVersion sets the version in the User-Agent "docspace-wizard/<version>".
func WithVersion(v string) Option { return func(c *Client) { c.ua = "docspace-wizard/" + v } }

// WithRequestTimeout bounds each HTTP request.
func WithRequestTimeout(d time.Duration) Option { return func(c *Client) { c.timeout = d } }

// WithRetry sets the retry policy.
func WithRetry(p RetryPolicy) Option { return func(c *Client) { c.retry = p } }

// Portal returns the normalised portal URL.
func (c *Client) Portal() string { return c.portal }

// RoomLink returns the web page of room id.
func (c *Client) RoomLink(id int) string { return "" }

// KeyInfo calls GET /api/2.0/keys/@self.
func (c *Client) KeyInfo(ctx context.Context) (KeyInfo, error) { return KeyInfo{}, errTODO }

// Self calls GET /api/2.0/people/@self.
func (c *Client) Self(ctx context.Context) (User, error) { return User{}, errTODO }

// Settings calls GET /api/2.0/settings.
func (c *Client) Settings(ctx context.Context) (PortalSettings, error) {
	return PortalSettings{}, errTODO
}

// InvitationSettings calls GET /api/2.0/settings/invitationsettings.
func (c *Client) InvitationSettings(ctx context.Context) (InvitationSettings, error) {
	return InvitationSettings{}, errTODO
}

// CreateRoom calls POST /api/2.0/files/rooms. It is never retried unless the request provably never left.
func (c *Client) CreateRoom(ctx context.Context, req CreateRoomRequest) (Room, error) {
	return Room{}, errTODO
}

// Invite calls PUT /api/2.0/files/rooms/{id}/share (retried: repeating an invitation is a no-op).
func (c *Client) Invite(ctx context.Context, roomID int, req InviteRequest) (InviteResponse, error) {
	return InviteResponse{}, errTODO
}

// RoomMembers calls GET /api/2.0/files/rooms/{id}/share for one page.
func (c *Client) RoomMembers(ctx context.Context, roomID, startIndex, count int) (MemberPage, error) {
	return MemberPage{}, errTODO
}

// FindUserByEmail calls GET /api/2.0/people/email?email=; a missing user is a KindNotFound error.
func (c *Client) FindUserByEmail(ctx context.Context, email string) (User, error) {
	return User{}, errTODO
}

// ListRooms calls GET /api/2.0/files/rooms for one page.
func (c *Client) ListRooms(ctx context.Context, f RoomFilter) (RoomPage, error) {
	return RoomPage{}, errTODO
}

// GetRoom calls GET /api/2.0/files/rooms/{id}.
func (c *Client) GetRoom(ctx context.Context, id int) (Room, error) { return Room{}, errTODO }
