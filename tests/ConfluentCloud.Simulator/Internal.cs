using System.Buffers;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace ConfluentCloud.Simulator;

/// <summary>One entry of a Failure body.</summary>
internal readonly record struct ApiError(string Code, string Title, string Detail, string? Pointer = null, string? Parameter = null);

/// <summary>A response produced by a handler; written (or mangled by a fault) by the pipeline.</summary>
internal sealed class ApiResult
{
    public int Status;
    public byte[]? Body;
    public string? ContentType;
    public string? Location;
    public string[]? WwwAuthenticate;
    public int? RetryAfter;
    /// <summary>A Retry-After header sent verbatim (fault injection); wins over <see cref="RetryAfter"/>.</summary>
    public string? RetryAfterRaw;
    /// <summary>Send the body one byte at a time with this pause (fault injection).</summary>
    public TimeSpan? Trickle;
    public string? Allow;
    public bool NoStore;

    public static ApiResult Json(int status, byte[] body, string? location = null) =>
        new() { Status = status, Body = body, ContentType = JsonText.ContentType, Location = location };

    public static ApiResult Failure(int status, ApiError error, string? location = null) =>
        Json(status, JsonText.Failure(status, [error]), location);

    public static ApiResult Failure(int status, IReadOnlyList<ApiError> errors) =>
        Json(status, JsonText.Failure(status, errors));

    public static ApiResult NoContent() => new() { Status = 204 };

    public static ApiResult TooMany(int retryAfter) => new() { Status = 429, RetryAfter = Math.Max(1, retryAfter) };
}

internal static class JsonText
{
    public const string ContentType = "application/json";

    private static readonly JsonWriterOptions WriterOptions = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, // loopback API, no HTML context: keep '+', '<', '\'' readable
        Indented = false,
        SkipValidation = true,
    };

    public static byte[] Write<TState>(TState state, Action<Utf8JsonWriter, TState> write)
    {
        var buffer = new ArrayBufferWriter<byte>(1024);
        using (var w = new Utf8JsonWriter(buffer, WriterOptions))
        {
            write(w, state);
        }
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>The contract's ObjectMeta of a persisted resource.</summary>
    public static void WriteObjectMeta(Utf8JsonWriter w, string self, string resourceName, DateTimeOffset createdAt, DateTimeOffset updatedAt)
    {
        w.WriteStartObject("metadata");
        w.WriteString("self", self);
        w.WriteString("resource_name", resourceName);
        w.WriteString("created_at", Time(createdAt));
        w.WriteString("updated_at", Time(updatedAt));
        w.WriteEndObject();
    }

    public static byte[] Failure(int status, IReadOnlyList<ApiError> errors) =>
        Write((status, errors), static (w, s) =>
        {
            w.WriteStartObject();
            w.WriteStartArray("errors");
            var statusText = s.status.ToString(CultureInfo.InvariantCulture);
            foreach (var e in s.errors)
            {
                w.WriteStartObject();
                w.WriteString("id", Guid.NewGuid().ToString());
                w.WriteString("status", statusText);
                w.WriteString("code", e.Code);
                w.WriteString("title", e.Title);
                w.WriteString("detail", e.Detail);
                if (e.Pointer is not null || e.Parameter is not null)
                {
                    w.WriteStartObject("source");
                    if (e.Pointer is not null) w.WriteString("pointer", e.Pointer);
                    if (e.Parameter is not null) w.WriteString("parameter", e.Parameter);
                    w.WriteEndObject();
                }
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        });

    /// <summary>RFC 3339 UTC with whole seconds, e.g. 2022-07-06T17:21:33Z.</summary>
    public static string Time(DateTimeOffset t) =>
        t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    /// <summary>Escapes a property name for use in a JSON Pointer (RFC 6901).</summary>
    public static string PointerToken(string name) => name.Replace("~", "~0").Replace("/", "~1");

    public static bool IsJsonContentType(string? contentType)
    {
        if (string.IsNullOrEmpty(contentType)) return false;
        var semi = contentType.IndexOf(';');
        var media = (semi >= 0 ? contentType[..semi] : contentType).Trim();
        return media.Equals("application/json", StringComparison.OrdinalIgnoreCase)
            || (media.EndsWith("+json", StringComparison.OrdinalIgnoreCase) && media.StartsWith("application/", StringComparison.OrdinalIgnoreCase));
    }
}

/// <summary>Deterministic identifiers: the same sequence of calls gives the same ids.</summary>
internal static class Ids
{
    private const ulong Mod36_6 = 2_176_782_336UL; // 36^6
    private const string Alphabet = "0123456789abcdefghijklmnopqrstuvwxyz";

    /// <summary>prefix + 6 base-36 chars; a bijection of n (mult coprime with 36), so unique for n &lt; 36^6.</summary>
    public static string Short(string prefix, long n, ulong mult, ulong offset)
    {
        var v = (ulong)(((UInt128)(ulong)n * mult + offset) % Mod36_6);
        Span<char> chars = stackalloc char[6];
        for (int i = 5; i >= 0; i--)
        {
            chars[i] = Alphabet[(int)(v % 36)];
            v /= 36;
        }
        return string.Concat(prefix, chars);
    }

    /// <summary>A version-4-shaped GUID derived from (salt, n).</summary>
    public static string Guid(ulong salt, long n)
    {
        Span<byte> b = stackalloc byte[16];
        var a = SplitMix(salt ^ (ulong)n);
        var c = SplitMix(a + (ulong)n + 0x9E3779B97F4A7C15UL);
        BitConverter.TryWriteBytes(b, a);
        BitConverter.TryWriteBytes(b[8..], c);
        b[7] = (byte)((b[7] & 0x0F) | 0x40); // version 4 (Guid's field layout is little-endian)
        b[8] = (byte)((b[8] & 0x3F) | 0x80); // RFC 4122 variant
        return new System.Guid(b).ToString();
    }

    private static ulong SplitMix(ulong x)
    {
        x += 0x9E3779B97F4A7C15UL;
        x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9UL;
        x = (x ^ (x >> 27)) * 0x94D049BB133111EBUL;
        return x ^ (x >> 31);
    }
}

internal static class Validation
{
    /// <summary>Plausible email: one '@', non-empty local part, dotted domain with no empty labels, no whitespace.</summary>
    public static bool IsPlausibleEmail(string s)
    {
        if (s.Length is 0 or > 254) return false;
        int at = -1;
        for (int i = 0; i < s.Length; i++)
        {
            var ch = s[i];
            if (char.IsWhiteSpace(ch) || char.IsControl(ch)) return false;
            if (ch == '@')
            {
                if (at >= 0) return false;
                at = i;
            }
        }
        if (at <= 0 || at == s.Length - 1) return false;
        var domain = s.AsSpan(at + 1);
        if (domain.IndexOf('.') < 0) return false;
        if (domain[0] == '.' || domain[^1] == '.' || domain.Contains("..", StringComparison.Ordinal)) return false;
        return true;
    }

    public static bool TryParseBool(string s, out bool value)
    {
        // Go's strconv.ParseBool set, as the real service is written in Go
        switch (s)
        {
            case "1": case "t": case "T": case "TRUE": case "true": case "True": value = true; return true;
            case "0": case "f": case "F": case "FALSE": case "false": case "False": value = false; return true;
            default: value = false; return false;
        }
    }
}
