// Package tui is the interactive wizard: a Bubble Tea program that walks an admin from
// "I need a room for these people" to "the room exists, here is the link". A root model
// owns the step sequence and the plan being built; each step is a small model in its
// own file. All portal and keyring I/O goes through the small interfaces below.
package tui

import (
	"context"
	"io"

	"github.com/docspace-wizard/docspace-wizard/docspace"
	"github.com/docspace-wizard/docspace-wizard/onboard"
)

// Portal is the part of *docspace.Client the wizard uses, so tests can swap it.
type Portal interface {
	KeyInfo(ctx context.Context) (docspace.KeyInfo, error)
	Self(ctx context.Context) (docspace.User, error)
	ListRooms(ctx context.Context, f docspace.RoomFilter) (docspace.RoomPage, error)
	GetRoom(ctx context.Context, id int) (docspace.Room, error)
	FindUserByEmail(ctx context.Context, email string) (docspace.User, error)
	Check(ctx context.Context, p docspace.Plan) (*docspace.Preflight, error)
	Execute(ctx context.Context, p docspace.Plan, pre *docspace.Preflight, onEvent func(docspace.Event)) docspace.Result
	Portal() string
}

// KeyStore keeps one API key per portal (keystore.Store satisfies it).
type KeyStore interface {
	Get(portal string) (string, error)
	Set(portal, key string) error
	Delete(portal string) error
}

// Prefill is what the flags answered (onboard.Read); each field pre-fills its step.
type Prefill = onboard.Answers

// LastChoices are the choices remembered from the previous run (from settings).
type LastChoices struct {
	RoomType docspace.RoomType // 0 when none
	Access   docspace.Access   // 0 when none
	Notify   *bool             // nil when none
}

// Options are the wizard's inputs, all injected (gh's Options + run).
type Options struct {
	// Portal comes from --portal, DOCSPACE_BASE_URL or the settings; may be empty.
	Portal string
	// PortalFlag is true when Portal is --portal's: DOCSPACE_API_KEY is then used only
	// if it names the default portal (onboard.EnvKeyApplies).
	PortalFlag bool
	Prefill    Prefill
	Keys       KeyStore
	Getenv     func(string) string
	// Connect builds a client for portal and key; it validates the URL and makes no call.
	Connect func(portal, key string) (Portal, error)
	// Demo runs against the built-in fake portal: the keyring is never touched.
	Demo    bool
	DemoKey string
	// Accessible asks the questions as plain line-by-line prompts (huh's accessible mode).
	Accessible bool
	In         io.Reader
	Out        io.Writer
	Last       LastChoices
	// Settings, when set, reads the remembered default portal and choices. It runs in
	// the background from the first frame (a settings file on a slow disk must not delay
	// it); its portal is used only when Portal is empty, its choices only where the flags
	// and the user have not answered yet.
	Settings func() (portal string, last LastChoices, err error)
	// Remember, when set, is called once after the wizard ends with the portal the
	// user worked with and the choices of the last confirmed plan, for the settings file.
	Remember func(portal string, last LastChoices)
	// StateDir is where runs are recorded for history and undo (onboard.RecordRun);
	// empty records nothing.
	StateDir string
	// PlanDir is where the summary's "save as plan file" writes; "" is the working
	// directory.
	PlanDir string
}
