package speech

import (
	"encoding/binary"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/rehearse/rehearse/internal/rehearse"
)

// wavHeader returns a 44-byte PCM WAV header for 16-bit mono at rate Hz
// declaring dataBytes of samples; callers append as many as they like.
func wavHeader(rate, dataBytes uint32) []byte {
	b := make([]byte, 44)
	copy(b, "RIFF")
	binary.LittleEndian.PutUint32(b[4:], 36+dataBytes)
	copy(b[8:], "WAVEfmt ")
	binary.LittleEndian.PutUint32(b[16:], 16)
	binary.LittleEndian.PutUint16(b[20:], 1)
	binary.LittleEndian.PutUint16(b[22:], 1)
	binary.LittleEndian.PutUint32(b[24:], rate)
	binary.LittleEndian.PutUint32(b[28:], rate*2)
	binary.LittleEndian.PutUint16(b[32:], 2)
	binary.LittleEndian.PutUint16(b[34:], 16)
	copy(b[36:], "data")
	binary.LittleEndian.PutUint32(b[40:], dataBytes)
	return b
}

func TestSniff(t *testing.T) {
	tests := []struct {
		name string
		head string
		want Format
	}{
		{"wav", string(wavHeader(16000, 0)), FormatWAV},
		{"webm", "\x1a\x45\xdf\xa3\x9f\x42\x86\x81\x01", FormatWebM},
		{"ogg", "OggS\x00\x02", FormatOgg},
		{"flac", "fLaC\x00\x00\x00\x22", FormatFLAC},
		{"m4a", "\x00\x00\x00\x20ftypM4A \x00\x00\x00\x00", FormatMP4},
		{"mp3 with ID3 tag", "ID3\x04\x00\x00\x00\x00\x00\x00", FormatMP3},
		{"mp3 frame, MPEG-1 layer III 128 kbps", "\xff\xfb\x90\x64", FormatMP3},
		{"aac adts is not mp3", "\xff\xf1\x50\x80", ""},
		{"text", "Hello, this is not audio.", ""},
		{"png", "\x89PNG\r\n\x1a\n", ""},
		{"riff that is not wave", "RIFF\x00\x00\x00\x00AVI LIST", ""},
		{"too short", "RI", ""},
		{"empty", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Sniff([]byte(tt.head)); got != tt.want {
				t.Errorf("Sniff = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestInspect(t *testing.T) {
	const hour = 3600
	withList := func() []byte {
		// A LIST chunk (odd length, padded) between fmt and data.
		h := wavHeader(16000, 32000)
		list := append([]byte("LIST\x05\x00\x00\x00INFOx"), 0)
		return append(append(h[:36:36], list...), h[36:]...)
	}()
	tests := []struct {
		name     string
		head     []byte
		size     int64 // 0: len(head)
		wantKind Kind
		wantSent error
		wantMsg  []string
		wantDur  time.Duration
	}{
		{name: "one second of wav", head: ToneWAV(time.Second), wantDur: time.Second},
		{name: "wav with a LIST chunk", head: withList, size: 44 + 14 + 32000, wantDur: time.Second},
		{name: "webm, duration unknown", head: []byte("\x1a\x45\xdf\xa3rest"), size: 1 << 20},
		{name: "empty", head: nil, size: 0, wantKind: KindBadAudio, wantSent: rehearse.ErrInvalid, wantMsg: []string{"empty"}},
		{name: "unsupported", head: []byte("%PDF-1.7 not audio"), wantKind: KindBadAudio, wantSent: rehearse.ErrInvalid,
			wantMsg: []string{"not in a supported audio format", AcceptedFormats}},
		{name: "two-hour wav header", head: append(wavHeader(16000, 2*hour*32000), make([]byte, 1000)...),
			wantKind: KindTooLong, wantSent: rehearse.ErrTooLarge, wantMsg: []string{"2 h 00 min", "the limit is 15 minutes per answer"}, wantDur: 2 * time.Hour},
		{name: "wav cut off, placeholder size", head: append(wavHeader(16000, 0xFFFFFFFF), make([]byte, 64000)...), wantDur: 2 * time.Second},
		{name: "wav cut off, zero size", head: append(wavHeader(16000, 0), make([]byte, 16000)...), wantDur: 500 * time.Millisecond},
		{name: "wav with no samples", head: wavHeader(16000, 0), wantKind: KindBadAudio, wantMsg: []string{"no audio"}},
		{name: "wav with a zero byte rate", head: func() []byte {
			h := wavHeader(0, 100)
			binary.LittleEndian.PutUint16(h[32:], 0)
			return h
		}(), wantKind: KindBadAudio, wantMsg: []string{"malformed", "byte rate"}},
		{name: "30 MiB webm", head: []byte("\x1a\x45\xdf\xa3"), size: 30 << 20, wantKind: KindTooLarge, wantSent: rehearse.ErrTooLarge,
			wantMsg: []string{"30 MiB", "the limit is 25 MiB per answer"}},
		{name: "just under 25 MiB", head: []byte("OggS"), size: 25<<20 - 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			size := tt.size
			if size == 0 && tt.head != nil {
				size = int64(len(tt.head))
			}
			a, err := Limits{}.Inspect(tt.head, size)
			if tt.wantKind == 0 {
				if err != nil {
					t.Fatalf("Inspect: %v", err)
				}
			} else {
				if KindOf(err) != tt.wantKind {
					t.Fatalf("Inspect error = %v (kind %v), want kind %v", err, KindOf(err), tt.wantKind)
				}
				if tt.wantSent != nil && !errors.Is(err, tt.wantSent) {
					t.Errorf("error %v does not match %v", err, tt.wantSent)
				}
				for _, m := range tt.wantMsg {
					if !strings.Contains(err.Error(), m) {
						t.Errorf("message %q does not contain %q", err, m)
					}
				}
				if KindOf(err).Retryable() {
					t.Errorf("a bad recording is marked retryable")
				}
			}
			if a.Duration != tt.wantDur {
				t.Errorf("duration = %v, want %v", a.Duration, tt.wantDur)
			}
		})
	}
}

func TestInspectCustomLimits(t *testing.T) {
	l := Limits{MaxBytes: 1000, MaxDuration: 90 * time.Second}
	_, err := l.Inspect(ToneWAV(2*time.Minute), int64(len(ToneWAV(2*time.Minute))))
	if KindOf(err) != KindTooLong || !strings.Contains(err.Error(), "2 minutes") || !strings.Contains(err.Error(), "1 min 30 s per answer") {
		t.Errorf("2 min over a 90 s limit: %v", err)
	}
	_, err = l.Inspect([]byte("OggS"), 2048)
	if KindOf(err) != KindTooLarge || !strings.Contains(err.Error(), "the limit is 1000 bytes") {
		t.Errorf("2 KiB over a 1000-byte limit: %v", err)
	}
}

func TestToneWAV(t *testing.T) {
	w := ToneWAV(time.Second)
	if len(w) != 44+32000 {
		t.Errorf("len = %d, want %d", len(w), 44+32000)
	}
	a, err := Limits{}.Inspect(w, int64(len(w)))
	if err != nil || a.Format != FormatWAV || a.Duration != time.Second {
		t.Errorf("Inspect(ToneWAV) = %+v, %v", a, err)
	}
	var peak int16
	for i := 44; i+1 < len(w); i += 2 {
		peak = max(peak, int16(binary.LittleEndian.Uint16(w[i:])))
	}
	if peak < 3000 || peak > 3400 {
		t.Errorf("peak sample %d, want a quiet tone near 10%% of full scale", peak)
	}
}
