package speech

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"math"
	"time"
)

// Format is an audio container Rehearse accepts, found from the file's
// first bytes, never from its name or a client's Content-Type.
type Format string

// The accepted formats: what browsers' MediaRecorder produces (WebM, Ogg,
// MP4) and what people have on disk (WAV, MP3, FLAC). Each is accepted by
// OpenAI's endpoint and, through ffmpeg, by the whisper servers.
const (
	FormatWAV  Format = "wav"
	FormatWebM Format = "webm"
	FormatOgg  Format = "ogg"
	FormatMP3  Format = "mp3"
	FormatMP4  Format = "mp4"
	FormatFLAC Format = "flac"
)

// AcceptedFormats names the accepted formats for messages.
const AcceptedFormats = "WAV, WebM, Ogg, MP3, MP4/M4A and FLAC"

// SniffLen is how many leading bytes Sniff and Inspect need at most to find
// the format and, for WAV, the duration in an ordinary header.
const SniffLen = 64 << 10

// Ext is the file extension endpoints expect for f, with the dot. OpenAI
// decides the format from the upload's file name.
func (f Format) Ext() string {
	if f == FormatMP4 {
		return ".m4a"
	}
	return "." + string(f)
}

// MIME is the media type of f.
func (f Format) MIME() string {
	switch f {
	case FormatWAV:
		return "audio/wav"
	case FormatMP3:
		return "audio/mpeg"
	}
	return "audio/" + string(f)
}

// Sniff finds the format from the first bytes of a file, or returns "" if
// it is none of the accepted formats.
func Sniff(head []byte) Format {
	at := func(off int, s string) bool {
		return len(head) >= off+len(s) && string(head[off:off+len(s)]) == s
	}
	switch {
	case (at(0, "RIFF") || at(0, "RF64")) && at(8, "WAVE"):
		return FormatWAV
	case at(0, "\x1a\x45\xdf\xa3"): // EBML: WebM and Matroska
		return FormatWebM
	case at(0, "OggS"):
		return FormatOgg
	case at(0, "fLaC"):
		return FormatFLAC
	case at(4, "ftyp"):
		return FormatMP4
	case at(0, "ID3"):
		return FormatMP3
	case mpegAudioFrame(head):
		return FormatMP3
	}
	return ""
}

// mpegAudioFrame reports whether head starts with an MPEG audio frame
// header: 11 sync bits, a layer that is not "reserved" (which also keeps
// out AAC's ADTS headers), a valid bitrate and sample rate.
func mpegAudioFrame(h []byte) bool {
	if len(h) < 4 || h[0] != 0xFF || h[1]&0xE0 != 0xE0 {
		return false
	}
	version, layer := (h[1]>>3)&3, (h[1]>>1)&3
	bitrate, rate := h[2]>>4, (h[2]>>2)&3
	return version != 1 && layer != 0 && bitrate != 0xF && rate != 3
}

// Limits bound what Rehearse sends for transcription. The zero value of a
// field means its default.
type Limits struct {
	// MaxBytes is the largest recording accepted (default 25 MiB, OpenAI's
	// own limit).
	MaxBytes int64
	// MaxDuration is the longest answer accepted (default 15 minutes).
	MaxDuration time.Duration
}

// Default limits.
const (
	DefaultMaxBytes    = 25 << 20
	DefaultMaxDuration = 15 * time.Minute
)

func (l Limits) withDefaults() Limits {
	if l.MaxBytes <= 0 {
		l.MaxBytes = DefaultMaxBytes
	}
	if l.MaxDuration <= 0 {
		l.MaxDuration = DefaultMaxDuration
	}
	return l
}

// Audio is what Inspect learned about a recording without decoding it.
type Audio struct {
	Format Format `json:"format"`
	Size   int64  `json:"size"`
	// Duration comes from the header (WAV only); 0 means unknown until the
	// endpoint reports it.
	Duration time.Duration `json:"duration"`
}

// Inspect checks a recording before anything is sent: its format from the
// first bytes, its duration where the header says it (WAV), and its size.
// head is the start of the file (SniffLen bytes are plenty, the whole file
// is fine) and size its full length, so a caller can refuse a huge upload
// after reading only its beginning. Errors are *Error of KindBadAudio,
// KindTooLong or KindTooLarge, and name the limit.
func (l Limits) Inspect(head []byte, size int64) (Audio, error) {
	l = l.withDefaults()
	if size == 0 {
		return Audio{}, fail(KindBadAudio, 0, nil, "the recording is empty")
	}
	a := Audio{Format: Sniff(head), Size: size}
	if a.Format == "" {
		return a, fail(KindBadAudio, 0, nil, fmt.Sprintf("the recording is not in a supported audio format; Rehearse accepts %s", AcceptedFormats))
	}
	if a.Format == FormatWAV {
		d, err := wavDuration(head, size)
		if err != nil {
			return a, err
		}
		a.Duration = d
	}
	// The duration is checked first: for a long WAV it is both too long and
	// too large, and the length is what the candidate can act on.
	if a.Duration > l.MaxDuration {
		return a, tooLong(a.Duration, l.MaxDuration, "by its header")
	}
	if size > l.MaxBytes {
		return a, fail(KindTooLarge, 0, nil, fmt.Sprintf("the recording is %s; the limit is %s per answer", formatBytes(size), formatBytes(l.MaxBytes)))
	}
	return a, nil
}

func tooLong(d, limit time.Duration, source string) *Error {
	return fail(KindTooLong, 0, nil, fmt.Sprintf("the recording is %s long %s; the limit is %s per answer", formatDuration(d), source, formatDuration(limit)))
}

// wavDuration reads a RIFF/WAVE header: the fmt chunk's byte rate and the
// data chunk's declared size. A declared size of 0 or 0xFFFFFFFF is what
// streaming writers leave when a recording is cut off; then the bytes
// present are measured instead. It returns 0 when the header is longer
// than head (unknown, not an error).
func wavDuration(head []byte, size int64) (time.Duration, error) {
	if string(head[:4]) != "RIFF" {
		return 0, nil // RF64: sizes live in a ds64 chunk; the size limit still applies
	}
	malformed := func(why string) (time.Duration, error) {
		return 0, fail(KindBadAudio, 0, nil, "the WAV header is malformed: "+why)
	}
	var byteRate uint32
	haveFmt := false
	for off := 12; off+8 <= len(head); {
		id, n := string(head[off:off+4]), binary.LittleEndian.Uint32(head[off+4:off+8])
		body := off + 8
		switch id {
		case "fmt ":
			if n < 16 || body+16 > len(head) {
				return malformed("the fmt chunk is too short")
			}
			f := head[body:]
			rate, align := binary.LittleEndian.Uint32(f[4:8]), binary.LittleEndian.Uint16(f[12:14])
			byteRate = binary.LittleEndian.Uint32(f[8:12])
			if byteRate == 0 {
				byteRate = rate * uint32(align)
			}
			if byteRate == 0 {
				return malformed("the byte rate is 0")
			}
			haveFmt = true
		case "data":
			if !haveFmt {
				return malformed("the data chunk comes before the fmt chunk")
			}
			data := int64(n)
			if n == 0 || n == math.MaxUint32 {
				data = size - int64(body)
			}
			if data <= 0 {
				return 0, fail(KindBadAudio, 0, nil, "the recording holds no audio")
			}
			return time.Duration(float64(data) / float64(byteRate) * float64(time.Second)), nil
		}
		next := int64(body) + int64(n) + int64(n&1) // chunks are padded to an even length
		if next > int64(len(head)) {
			break
		}
		off = int(next)
	}
	return 0, nil
}

// ToneWAV returns a WAV file (16 kHz, mono, 16-bit) holding d of a quiet
// 440 Hz tone with soft edges: a known-good recording for checking an
// endpoint without a microphone.
func ToneWAV(d time.Duration) []byte {
	const rate = 16000
	n := int(d.Seconds() * rate)
	var b bytes.Buffer
	le := func(v any) { _ = binary.Write(&b, binary.LittleEndian, v) } // a bytes.Buffer write cannot fail
	b.WriteString("RIFF")
	le(uint32(36 + 2*n))
	b.WriteString("WAVEfmt ")
	le(uint32(16))
	le(uint16(1)) // PCM
	le(uint16(1)) // mono
	le(uint32(rate))
	le(uint32(rate * 2))
	le(uint16(2))
	le(uint16(16))
	b.WriteString("data")
	le(uint32(2 * n))
	fade := rate / 20
	for i := range n {
		amp := 0.1
		if i < fade {
			amp *= float64(i) / float64(fade)
		} else if n-i < fade {
			amp *= float64(n-i) / float64(fade)
		}
		le(int16(amp * math.MaxInt16 * math.Sin(2*math.Pi*440*float64(i)/rate)))
	}
	return b.Bytes()
}

// formatBytes writes a size the way the limits are stated: "25 MiB",
// "40.3 MiB", "812 KiB".
func formatBytes(n int64) string {
	switch {
	case n >= 1<<20:
		if n%(1<<20) == 0 {
			return fmt.Sprintf("%d MiB", n>>20)
		}
		return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%d KiB", n>>10)
	}
	return fmt.Sprintf("%d bytes", n)
}

// formatDuration writes "15 minutes", "2 h 00 min", "17 min 03 s", "45 s".
func formatDuration(d time.Duration) string {
	d = d.Round(time.Second)
	h, m, s := int(d/time.Hour), int(d/time.Minute)%60, int(d/time.Second)%60
	switch {
	case h > 0:
		return fmt.Sprintf("%d h %02d min", h, m)
	case m > 0 && s == 0:
		if m == 1 {
			return "1 minute"
		}
		return fmt.Sprintf("%d minutes", m)
	case m > 0:
		return fmt.Sprintf("%d min %02d s", m, s)
	}
	return fmt.Sprintf("%d s", s)
}
