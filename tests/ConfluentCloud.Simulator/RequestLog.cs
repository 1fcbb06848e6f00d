namespace ConfluentCloud.Simulator;

/// <summary>One API request as the simulator received it, with the status it answered.</summary>
public sealed class RecordedRequest
{
    /// <summary>Arrival number (1-based, restarts at <see cref="CloudSimulator.Reset"/>).</summary>
    public long Sequence { get; init; }
    public string Method { get; init; } = "";
    /// <summary>Request path, e.g. <c>/iam/v2/invitations</c>.</summary>
    public string Path { get; init; } = "";
    /// <summary>Raw query string including the leading <c>?</c>, or empty.</summary>
    public string Query { get; init; } = "";
    /// <summary>All request headers verbatim (case-insensitive keys; repeated headers joined with ", ").</summary>
    public IReadOnlyDictionary<string, string> Headers { get; init; } = EmptyHeaders;
    /// <summary>Request body as UTF-8 text; null when empty or when <see cref="SimulatorOptions.LogRequestBodies"/> is off.</summary>
    public string? Body { get; init; }
    /// <summary>Status answered; 0 when the connection was aborted (fault injection, client gone) and no response was sent.</summary>
    public int Status { get; init; }
    /// <summary>The X-Request-Id sent back.</summary>
    public string RequestId { get; init; } = "";
    /// <summary>Arrival time.</summary>
    public DateTimeOffset At { get; init; }

    internal static readonly IReadOnlyDictionary<string, string> EmptyHeaders =
        new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);

    public override string ToString() => $"#{Sequence} {Method} {Path}{Query} -> {Status}";
}

/// <summary>Bounded ring buffer of recorded requests.</summary>
internal sealed class RequestLog
{
    private readonly object _lock = new();
    private RecordedRequest[] _buf = [];
    private int _start;
    private int _count;

    public void Add(RecordedRequest r, int capacity)
    {
        if (capacity <= 0) return;
        lock (_lock)
        {
            if (_buf.Length != capacity) Resize(capacity);
            if (_count < _buf.Length)
            {
                _buf[(_start + _count) % _buf.Length] = r;
                _count++;
            }
            else
            {
                _buf[_start] = r;
                _start = (_start + 1) % _buf.Length;
            }
        }
    }

    private void Resize(int capacity)
    {
        // keep the newest entries
        var keep = Math.Min(_count, capacity);
        var nb = new RecordedRequest[capacity];
        for (int i = 0; i < keep; i++)
            nb[i] = _buf[(_start + _count - keep + i) % _buf.Length];
        _buf = nb;
        _start = 0;
        _count = keep;
    }

    public IReadOnlyList<RecordedRequest> Snapshot()
    {
        RecordedRequest[] copy;
        lock (_lock)
        {
            copy = new RecordedRequest[_count];
            for (int i = 0; i < _count; i++) copy[i] = _buf[(_start + i) % _buf.Length];
        }
        // entries are added when the response is done; present them in arrival order
        Array.Sort(copy, static (a, b) => a.Sequence.CompareTo(b.Sequence));
        return copy;
    }

    public void Clear()
    {
        lock (_lock)
        {
            _buf = [];
            _start = 0;
            _count = 0;
        }
    }
}
