package docspacetest_test

import (
	"fmt"
	"io"
	"net/http"
	"strings"

	"github.com/docspace-wizard/docspace-wizard/docspace"
	"github.com/docspace-wizard/docspace-wizard/docspace/docspacetest"
)

// A test seeds a portal, calls it like the real one, and inspects what happened.
func ExampleNewServer() {
	p, srv := docspacetest.NewServer(docspacetest.WithDemoData())
	defer srv.Close()
	room := p.AddRoom("Launch", docspace.RoomCollaboration)

	body := `{"invitations":[{"email":"new.person@outside.example","access":10}],"notify":false}`
	req, _ := http.NewRequest(http.MethodPut, fmt.Sprintf("%s/api/2.0/files/rooms/%d/share", srv.URL, room), strings.NewReader(body))
	req.Header.Set("Authorization", "Bearer "+docspacetest.DemoKey)
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		fmt.Println(err)
		return
	}
	_, _ = io.Copy(io.Discard, resp.Body)
	_ = resp.Body.Close()

	fmt.Println(resp.StatusCode)
	for _, m := range p.Members(room) {
		fmt.Println(m.User.Email, m.Access, m.User.ActivationStatus == docspace.ActivationPending)
	}
	for _, n := range p.Notifications() {
		fmt.Println(n.Kind, n.Email)
	}
	// Output:
	// 200
	// alex@demo.example Room admin false
	// new.person@outside.example Editor true
	// guest invitation new.person@outside.example
}
