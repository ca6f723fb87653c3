// Package contract checks HTTP traffic in tests against ONLYOFFICE's own DocSpace
// OpenAPI specification, so the client and the fake portal cannot drift from the
// real API unnoticed. It is a test helper: only _test.go files import it.
//
// The specification is reference data kept beside the project, never in it: Load
// finds it at ../shared/docspace-openapi/api-docs.json from the module root, or at
// the path in $DOCSPACE_OPENAPI.
package contract

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"mime"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/gorillamux"
)

// EnvPath is the environment variable that names the specification file. When it
// is set, a missing file fails the test instead of skipping it.
const EnvPath = "DOCSPACE_OPENAPI"

// Spec is the loaded specification, ready to validate requests and responses.
// It is safe for concurrent use.
type Spec struct {
	path      string
	doc       *openapi3.T
	router    routers.Router
	opts      *openapi3filter.Options
	flattened int
}

// Flattened is how many allOf schemas were merged into one object when loading (27 in DocSpace 3.7).
func (s *Spec) Flattened() int { return s.flattened }

// loadOnce parses the specification once per test binary (about 0.3 s): the file
// and the working directory do not change while tests run.
var loadOnce = sync.OnceValues(func() (*Spec, error) {
	path, _, err := locate()
	if err != nil {
		return nil, err
	}
	return parse(path)
})

// Load returns the DocSpace specification. It skips the test when the file is not
// there, unless $DOCSPACE_OPENAPI names it, in which case the test fails.
func Load(t testing.TB) *Spec {
	t.Helper()
	path, fromEnv, err := locate()
	if err != nil {
		t.Skipf("contract: %v; set %s to the path of api-docs.json to run contract tests", err, EnvPath)
	}
	if _, err := os.Stat(path); err != nil {
		if fromEnv {
			t.Fatalf("contract: %s=%s: %v: point it at api-docs.json of the DocSpace OpenAPI specification", EnvPath, path, err)
		}
		t.Skipf("contract: the DocSpace OpenAPI specification is not at %s: put it there or set %s to its path", path, EnvPath)
	}
	s, err := loadOnce()
	if err != nil {
		t.Fatalf("contract: loading the DocSpace OpenAPI specification: %v", err)
	}
	return s
}

// Optional returns the specification when it is there, and nil when it is absent and
// $DOCSPACE_OPENAPI is unset, so suites that test more than the contract still run
// without it; with $DOCSPACE_OPENAPI set (CI), an absent or broken file fails the test.
func Optional(t testing.TB) *Spec {
	t.Helper()
	path, fromEnv, err := locate()
	if err == nil {
		_, err = os.Stat(path)
	}
	if err != nil && !fromEnv {
		t.Logf("contract: requests are not checked against the OpenAPI spec: %v (set %s to check them)", err, EnvPath)
		return nil
	}
	return Load(t)
}

// locate finds the specification: $DOCSPACE_OPENAPI, else ../shared/docspace-openapi/api-docs.json
// beside the module root (the nearest directory above the working directory with a go.mod).
func locate() (path string, fromEnv bool, err error) {
	if p := os.Getenv(EnvPath); p != "" {
		return p, true, nil
	}
	wd, err := os.Getwd()
	if err != nil {
		return "", false, fmt.Errorf("no working directory: %w", err)
	}
	for dir := wd; ; {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return filepath.Join(dir, "..", "shared", "docspace-openapi", "api-docs.json"), false, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", false, fmt.Errorf("no go.mod above %s", wd)
		}
		dir = parent
	}
}

// parse loads the file, repairs the specification's known faults and builds the router.
// It does not call doc.Validate: the document fails it (bad examples, an OAuth2 flow
// without an authorizationUrl) although it routes and validates traffic fine.
func parse(path string) (*Spec, error) {
	loader := openapi3.NewLoader()
	doc, err := loader.LoadFromFile(path)
	if err != nil {
		return nil, fmt.Errorf("reading %s: %w", path, err)
	}
	if doc.Components == nil {
		return nil, fmt.Errorf("%s has no components: is it the DocSpace specification?", path)
	}
	n := flattenAllOf(doc)
	if err := repairKnownFaults(doc); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	router, err := gorillamux.NewRouter(doc)
	if err != nil {
		return nil, fmt.Errorf("routing %s: %w", path, err)
	}
	opts := &openapi3filter.Options{
		// The key is the client's business; the contract is about shapes.
		AuthenticationFunc: openapi3filter.NoopAuthenticationFunc,
		SchemaValidationOptions: []openapi3.SchemaValidationOption{
			openapi3.EnableFormatValidation(),
			openapi3.WithStringFormatValidator("uuid", openapi3.NewRegexpFormatValidator(openapi3.FormatOfStringForUUIDOfRFC9562)),
			openapi3.WithStringFormatValidator("email", openapi3.NewRegexpFormatValidator(openapi3.FormatOfStringForEmail)),
		},
	}
	opts.WithCustomSchemaErrorFunc(shortSchemaError)
	return &Spec{path: path, doc: doc, router: router, opts: opts, flattened: n}, nil
}

// flattenAllOf merges every component schema written as allOf + additionalProperties:false
// into one object: the union of the branches' properties and required lists, with
// additionalProperties:false kept on the union. A strict validator checks each allOf
// branch on its own, so without this EVERY invitation with an "access" is refused
// ("property access is unsupported") while a wrong one is not told apart.
func flattenAllOf(doc *openapi3.T) int {
	n := 0
	for _, ref := range doc.Components.Schemas {
		s := ref.Value
		if s == nil || len(s.AllOf) == 0 || s.AdditionalProperties.Has == nil || *s.AdditionalProperties.Has {
			continue
		}
		props := openapi3.Schemas{}
		var required []string
		collectBranches(s, props, &required, map[*openapi3.Schema]bool{})
		s.Properties, s.Required, s.AllOf = props, required, nil
		s.Type = &openapi3.Types{openapi3.TypeObject}
		n++
	}
	return n
}

// collectBranches adds s's own properties and those of its allOf branches, recursively.
func collectBranches(s *openapi3.Schema, props openapi3.Schemas, required *[]string, seen map[*openapi3.Schema]bool) {
	if s == nil || seen[s] {
		return
	}
	seen[s] = true
	for _, b := range s.AllOf {
		collectBranches(b.Value, props, required, seen)
	}
	for name, p := range s.Properties {
		props[name] = p
	}
	for _, r := range s.Required {
		if !slices.Contains(*required, r) {
			*required = append(*required, r)
		}
	}
}

// repairKnownFaults fixes where the specification describes something other than what
// the server sends (the server is right). Each repair is one known fault; anything
// else the spec says is enforced. Faults that need no repair:
//   - "status" in every envelope is 0 (success) or 1 (error), not an HTTP code: the
//     wrappers type it as a plain integer without an enum, so 0 and 1 already pass.
//   - No schema describes the error envelope {"error":{...},"status":1,"statusCode":N}:
//     non-2xx bodies are not validated at all (see CheckResponse).
//   - The envelope's "total" is not declared: the wrappers allow extra properties.
func repairKnownFaults(doc *openapi3.T) error {
	schemas := doc.Components.Schemas
	get := func(name string) (*openapi3.Schema, error) {
		ref := schemas[name]
		if ref == nil || ref.Value == nil {
			return nil, fmt.Errorf("schema %s is missing: is this DocSpace 3.7's specification?", name)
		}
		return ref.Value, nil
	}
	// ApiDateTime is declared as an object {utcTime, timeZoneOffset}, but the server
	// writes every date as an ISO-8601 string ("2026-01-02T03:04:05.0000000+00:00"),
	// and null when there is none (a $ref cannot be marked nullable in OpenAPI 3.0).
	date, err := get("ApiDateTime")
	if err != nil {
		return err
	}
	*date = openapi3.Schema{Type: &openapi3.Types{openapi3.TypeString}, Nullable: true,
		Description: "An ISO-8601 date as the server sends it (repaired from the spec's object)."}

	// FolderContentDto lists its files and folders as FileEntryBaseDto, which forbids
	// every property of the derived types ("x-derived-types") the server actually sends:
	// a room in GET /files/rooms has an id, a roomType, ... Use the derived types.
	for _, pair := range [][3]string{
		{"FolderContentDtoInteger", "FolderDtoInteger", "FileDtoInteger"},
		{"FolderContentDtoString", "FolderDtoString", "FileDtoString"},
	} {
		content, err := get(pair[0])
		if err != nil {
			if pair[0] == "FolderContentDtoString" {
				continue // optional: only the integer form is used by the wizard
			}
			return err
		}
		for prop, target := range map[string]string{"folders": pair[1], "files": pair[2]} {
			p := content.Properties[prop]
			t, err := get(target)
			if p == nil || p.Value == nil || err != nil {
				return fmt.Errorf("%s.%s cannot be repaired: %v", pair[0], prop, err)
			}
			items := *p.Value // copy: the array schema may be shared
			items.Items = &openapi3.SchemaRef{Ref: "#/components/schemas/" + target, Value: t}
			content.Properties[prop] = &openapi3.SchemaRef{Value: &items}
		}
	}

	// WatermarkAdditions is a flags enum (UserName 1 … RoomName 16) but lists only the
	// single values, so a valid combination such as 3 fails; 0 is a text-only watermark.
	additions, err := get("WatermarkAdditions")
	if err != nil {
		return err
	}
	lo, hi := 0.0, 31.0
	*additions = openapi3.Schema{Type: &openapi3.Types{openapi3.TypeInteger}, Min: &lo, Max: &hi,
		Description: "A bit mask of watermark additions (repaired from the spec's single values)."}

	// GET /files/tags answers tag names (CustomTagsService yields strings), typed as
	// objects because the controller returns IAsyncEnumerable<object>.
	if item := doc.Paths.Value("/api/2.0/files/tags"); item != nil && item.Get != nil {
		if ok := item.Get.Responses.Value("200"); ok != nil && ok.Value != nil {
			if mt := ok.Value.Content.Get("application/json"); mt != nil && mt.Schema != nil && mt.Schema.Value != nil {
				wrapper := *mt.Schema.Value // copy: ObjectArrayWrapper is shared
				wrapper.Properties = maps.Clone(wrapper.Properties)
				wrapper.Properties["response"] = &openapi3.SchemaRef{Value: &openapi3.Schema{
					Type:  &openapi3.Types{openapi3.TypeArray},
					Items: &openapi3.SchemaRef{Value: &openapi3.Schema{Type: &openapi3.Types{openapi3.TypeString}}},
				}}
				mt.Schema = &openapi3.SchemaRef{Value: &wrapper}
			}
		}
	}

	// Array query parameters (GET /files/rooms "type") are declared style=deepObject,
	// which OpenAPI defines for objects only, so kin-openapi refuses every request to
	// the operation. The server binds arrays from repeated keys (type=2&type=5): form.
	for _, item := range doc.Paths.Map() {
		for _, op := range item.Operations() {
			for _, p := range op.Parameters {
				if v := p.Value; v != nil && v.In == openapi3.ParameterInQuery && v.Style == openapi3.SerializationDeepObject &&
					v.Schema != nil && v.Schema.Value != nil && v.Schema.Value.Type.Is(openapi3.TypeArray) {
					v.Style = openapi3.SerializationForm
				}
			}
		}
	}
	return nil
}

// shortSchemaError says where and why a value broke the schema, without dumping
// the schema and the value as kin-openapi does by default.
func shortSchemaError(err *openapi3.SchemaError) string {
	at := "/" + strings.Join(err.JSONPointer(), "/")
	return fmt.Sprintf("at %s: %s", at, err.Reason)
}

// CheckRequest validates r (method, path, path and query parameters, JSON body)
// against the specification. r's body is left readable.
func (s *Spec) CheckRequest(r *http.Request) error {
	body, err := readBody(r)
	if err != nil {
		return err
	}
	route, params, err := s.router.FindRoute(r)
	if err != nil {
		return fmt.Errorf("no operation %s %s in the DocSpace specification: %w", r.Method, r.URL.Path, err)
	}
	in := &openapi3filter.RequestValidationInput{Request: r, PathParams: params, Route: route, Options: s.opts}
	err = openapi3filter.ValidateRequest(context.Background(), in)
	r.Body = io.NopCloser(bytes.NewReader(body))
	return err
}

// CheckResponse validates a 2xx JSON answer to r against the operation's response
// schema. Other answers pass: the specification has no schema for DocSpace's error
// envelope, and a non-JSON 2xx is the client's problem to report, not a contract.
func (s *Spec) CheckResponse(r *http.Request, status int, header http.Header, body []byte) error {
	if status < 200 || status > 299 || len(bytes.TrimSpace(body)) == 0 {
		return nil
	}
	if mt, _, err := mime.ParseMediaType(header.Get("Content-Type")); err != nil || !strings.HasSuffix(mt, "json") {
		return nil
	}
	route, params, err := s.router.FindRoute(r)
	if err != nil {
		return fmt.Errorf("no operation %s %s in the DocSpace specification: %w", r.Method, r.URL.Path, err)
	}
	in := &openapi3filter.ResponseValidationInput{
		RequestValidationInput: &openapi3filter.RequestValidationInput{Request: r, PathParams: params, Route: route, Options: s.opts},
		Status:                 status,
		Header:                 header,
		Options:                s.opts,
	}
	in.SetBodyBytes(exemptTextIDs(body))
	return openapi3filter.ValidateResponse(context.Background(), in)
}

// exemptTextIDs replaces the text id of every room on third-party storage (providerItem
// true) in an answer's response, or in its response's folders, by its providerId: a
// fault of the specification, which types every room id as a number while the server
// (VirtualRoomsController<string>) lists such rooms as "box-821". Any other wrong id
// type still fails.
func exemptTextIDs(body []byte) []byte {
	var env map[string]json.RawMessage
	if json.Unmarshal(body, &env) != nil || env["response"] == nil {
		return body
	}
	var resp any
	if json.Unmarshal(env["response"], &resp) != nil {
		return body
	}
	fix := func(v any) {
		if m, ok := v.(map[string]any); ok && m["providerItem"] == true {
			if _, text := m["id"].(string); text {
				m["id"] = m["providerId"]
			}
		}
	}
	fix(resp)
	if m, ok := resp.(map[string]any); ok {
		if folders, ok := m["folders"].([]any); ok {
			for _, f := range folders {
				fix(f)
			}
		}
	}
	b, err := json.Marshal(resp)
	if err != nil {
		return body
	}
	env["response"] = b
	out, err := json.Marshal(env)
	if err != nil {
		return body
	}
	return out
}

// ValidateRequest records a test error when r breaks the specification, and reports whether it passed.
func (s *Spec) ValidateRequest(t testing.TB, r *http.Request) bool {
	t.Helper()
	if err := s.CheckRequest(r); err != nil {
		t.Errorf("contract: request %s %s: %v", r.Method, r.URL.Path, err)
		return false
	}
	return true
}

// Middleware wraps a handler (a fake portal) so that every request it gets and every
// 2xx JSON answer it gives is checked against the specification; failures are test
// errors naming the method, the path and the validator's message. The handler still
// runs for a request that fails, so the client sees what it would have seen.
func (s *Spec) Middleware(t testing.TB, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.ValidateRequest(t, r)
		reqForCheck := r.Clone(r.Context()) // the handler may consume r's body
		body, err := readBody(r)
		if err != nil {
			t.Errorf("contract: request %s %s: %v", r.Method, r.URL.Path, err)
		}
		reqForCheck.Body = io.NopCloser(bytes.NewReader(body))

		rec := httptest.NewRecorder()
		next.ServeHTTP(rec, r)
		if err := s.CheckResponse(reqForCheck, rec.Code, rec.Header(), rec.Body.Bytes()); err != nil {
			t.Errorf("contract: response to %s %s (HTTP %d): %v", r.Method, r.URL.Path, rec.Code, err)
		}
		for k, v := range rec.Header() {
			w.Header()[k] = v
		}
		w.WriteHeader(rec.Code)
		_, _ = w.Write(rec.Body.Bytes())
	})
}

// readBody reads r's body and puts it back.
func readBody(r *http.Request) ([]byte, error) {
	if r.Body == nil || r.Body == http.NoBody {
		return nil, nil
	}
	b, err := io.ReadAll(r.Body)
	_ = r.Body.Close() // fully read: a close error changes nothing
	r.Body = io.NopCloser(bytes.NewReader(b))
	if err != nil {
		return nil, errors.New("reading the request body: " + err.Error())
	}
	return b, nil
}
