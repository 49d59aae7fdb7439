package repo

import (
	"net"
	"net/http"
	"sync"
	"time"
)

// minUploadRate is the slowest upload the body read timeout allows for.
const minUploadRate = 256 << 10 // bytes per second

// bodyTimeout is how long a request may take to arrive: ten seconds plus
// MaxUploadSize at minUploadRate (about 2.3 minutes for 32 MiB).
func (s *Server) bodyTimeout() time.Duration {
	return 10*time.Second + time.Duration(s.opts.MaxUploadSize/minUploadRate)*time.Second
}

// HTTPServer returns an http.Server for s whose timeouts are proportionate
// to the upload size limit: headers within 10 s, a whole request within
// [Server.bodyTimeout], the answer (an upload may wait for a validation
// slot) within two more minutes.
func (s *Server) HTTPServer() *http.Server {
	return &http.Server{
		Handler:           s,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       s.bodyTimeout(),
		WriteTimeout:      s.bodyTimeout() + 2*time.Minute,
		IdleTimeout:       time.Minute,
		MaxHeaderBytes:    64 << 10,
	}
}

// Listen listens on the TCP address addr with at most MaxConnections
// connections open at once: further clients wait in the kernel's accept
// queue rather than being refused. Near the cap, answers close their
// connection instead of keeping it alive, so that busy clients cannot
// keep the waiting ones out.
func (s *Server) Listen(addr string) (net.Listener, error) {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, err
	}
	l := &limitListener{Listener: ln, slots: make(chan struct{}, s.opts.MaxConnections), done: make(chan struct{})}
	s.conns.Store(l)
	return l, nil
}

// crowded reports whether the connections of the listener from
// [Server.Listen] are at nine tenths of the cap or more.
func (s *Server) crowded() bool {
	l := s.conns.Load()
	return l != nil && len(l.slots)*10 >= cap(l.slots)*9
}

// limitListener caps the connections accepted and not yet closed.
type limitListener struct {
	net.Listener
	slots     chan struct{}
	done      chan struct{} // closed by Close: a waiting Accept gives up
	closeOnce sync.Once
}

func (l *limitListener) Accept() (net.Conn, error) {
	select {
	case l.slots <- struct{}{}:
	case <-l.done:
		return nil, net.ErrClosed
	}
	c, err := l.Listener.Accept()
	if err != nil {
		<-l.slots
		return nil, err
	}
	return &limitConn{Conn: c, release: func() { <-l.slots }}, nil
}

func (l *limitListener) Close() error {
	l.closeOnce.Do(func() { close(l.done) })
	return l.Listener.Close()
}

// limitConn gives its slot back once, when closed.
type limitConn struct {
	net.Conn
	once    sync.Once
	release func()
}

func (c *limitConn) Close() error {
	err := c.Conn.Close()
	c.once.Do(c.release)
	return err
}
