using System.Collections.Concurrent;

namespace ConfluentCloud.Simulator;

internal readonly record struct InvitationFilter(string? Email, string? Status, string? User, string? Creator)
{
    public bool IsEmpty => Email is null && Status is null && User is null && Creator is null;

    public bool Matches(SimInvitation i) =>
        (Email is null || string.Equals(i.Email, Email, StringComparison.OrdinalIgnoreCase))
        && (Status is null || string.Equals(i.Status, Status, StringComparison.Ordinal))
        && (User is null || string.Equals(i.UserId, User, StringComparison.Ordinal))
        && (Creator is null || string.Equals(i.CreatorId, Creator, StringComparison.Ordinal));
}

internal readonly record struct InvitationPage(List<SimInvitation> Items, int Total, bool HasMore);

/// <summary>Invitations by id (lock-free reads) with an email index and creation order (guarded by a lock).</summary>
internal sealed class InvitationStore
{
    public const string CreatorUserId = "u-simadmin";
    public static readonly TimeSpan InvitationLifetime = TimeSpan.FromDays(7);

    private readonly object _lock = new();
    private readonly ConcurrentDictionary<string, SimInvitation> _byId = new(StringComparer.Ordinal);
    private readonly Dictionary<string, SimInvitation> _byEmail = new(StringComparer.OrdinalIgnoreCase);
    private readonly List<SimInvitation> _ordered = new(); // ascending Order
    private long _counter;

    /// <summary>Creates the invitation, or returns the existing non-deleted one with the same email (case-insensitive).</summary>
    public (SimInvitation Invitation, bool Created) Create(string email, string authType, bool seeded, string? status = null)
    {
        lock (_lock)
        {
            if (_byEmail.TryGetValue(email, out var existing)) return (existing, false);
            var n = ++_counter;
            var now = DateTimeOffset.UtcNow;
            now = new DateTimeOffset(now.Ticks - now.Ticks % TimeSpan.TicksPerSecond, TimeSpan.Zero);
            var inv = new SimInvitation
            {
                Id = Ids.Short("i-", n, 2_654_435_761UL, 77_777UL),
                Email = email,
                AuthType = authType,
                Status = status ?? "INVITE_STATUS_SENT",
                CreatedAt = now,
                UpdatedAt = now,
                ExpiresAt = now + InvitationLifetime,
                AcceptedAt = status == "INVITE_STATUS_ACCEPTED" ? now : null,
                UserId = Ids.Short("u-", n, 2_246_822_519UL, 1_234_567UL),
                CreatorId = CreatorUserId,
                Seeded = seeded,
                Order = n,
            };
            _byId[inv.Id] = inv;
            _byEmail[email] = inv;
            _ordered.Add(inv);
            return (inv, true);
        }
    }

    public SimInvitation? Get(string id) => _byId.TryGetValue(id, out var inv) ? inv : null;

    public bool Delete(string id)
    {
        lock (_lock)
        {
            if (!_byId.TryRemove(id, out var inv)) return false;
            if (_byEmail.TryGetValue(inv.Email, out var byEmail) && ReferenceEquals(byEmail, inv)) _byEmail.Remove(inv.Email);
            var idx = FindIndex(inv.Order);
            if (idx >= 0) _ordered.RemoveAt(idx);
            return true;
        }
    }

    /// <summary>One page of matching invitations in creation order, after the item with order <paramref name="afterOrder"/>.</summary>
    public InvitationPage List(InvitationFilter filter, long afterOrder, int pageSize)
    {
        var items = new List<SimInvitation>(Math.Min(pageSize, 128));
        lock (_lock)
        {
            if (filter.IsEmpty)
            {
                var start = FirstIndexAfter(afterOrder);
                for (int i = start; i < _ordered.Count && items.Count < pageSize; i++) items.Add(_ordered[i]);
                return new InvitationPage(items, _ordered.Count, start + items.Count < _ordered.Count);
            }

            if (filter.Email is not null)
            {
                // at most one non-deleted invitation per email
                if (_byEmail.TryGetValue(filter.Email, out var hit) && filter.Matches(hit))
                {
                    var more = false;
                    if (hit.Order > afterOrder)
                    {
                        if (pageSize > 0) items.Add(hit); else more = true;
                    }
                    return new InvitationPage(items, 1, more);
                }
                return new InvitationPage(items, 0, false);
            }

            int total = 0;
            bool hasMore = false;
            foreach (var inv in _ordered)
            {
                if (!filter.Matches(inv)) continue;
                total++;
                if (inv.Order <= afterOrder) continue;
                if (items.Count < pageSize) items.Add(inv);
                else hasMore = true;
            }
            return new InvitationPage(items, total, hasMore);
        }
    }

    public IReadOnlyList<SimInvitation> Snapshot()
    {
        lock (_lock) return _ordered.ToArray();
    }

    public void Clear()
    {
        lock (_lock)
        {
            _byId.Clear();
            _byEmail.Clear();
            _ordered.Clear();
            _counter = 0;
        }
    }

    private int FindIndex(long order)
    {
        int lo = 0, hi = _ordered.Count - 1;
        while (lo <= hi)
        {
            int mid = (lo + hi) >>> 1;
            var o = _ordered[mid].Order;
            if (o == order) return mid;
            if (o < order) lo = mid + 1; else hi = mid - 1;
        }
        return -1;
    }

    private int FirstIndexAfter(long order)
    {
        int lo = 0, hi = _ordered.Count;
        while (lo < hi)
        {
            int mid = (lo + hi) >>> 1;
            if (_ordered[mid].Order <= order) lo = mid + 1; else hi = mid;
        }
        return lo;
    }
}
