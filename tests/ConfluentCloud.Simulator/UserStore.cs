namespace ConfluentCloud.Simulator;

internal enum BindingOutcome { Created, Duplicate, UnknownPrincipal }

internal readonly record struct Page<T>(List<T> Items, int Total, bool HasMore);

/// <summary>
/// iam/v2 users and role bindings, guarded by one lock so that "delete a user" and "its bindings go with it"
/// is one step for every observer.
/// </summary>
internal sealed class UserStore
{
    private sealed class User
    {
        public required string Id;
        public required string Email;
        public required string AuthType;
        public string FullName = "";
        public DateTimeOffset CreatedAt;
        public DateTimeOffset UpdatedAt;
        public long Order;

        public SimUser Snapshot() => new()
        {
            Id = Id, Email = Email, AuthType = AuthType, FullName = FullName, CreatedAt = CreatedAt, UpdatedAt = UpdatedAt, Order = Order,
        };
    }

    private sealed class Binding
    {
        public required string Id;
        public required string Principal;
        public required string RoleName;
        public required string CrnPattern;
        public DateTimeOffset CreatedAt;
        public long Order;

        public SimRoleBinding Snapshot() => new()
        {
            Id = Id, Principal = Principal, RoleName = RoleName, CrnPattern = CrnPattern, CreatedAt = CreatedAt, Order = Order,
        };
    }

    private readonly object _lock = new();
    private readonly Dictionary<string, User> _users = new(StringComparer.Ordinal);
    private readonly Dictionary<string, User> _byEmail = new(StringComparer.OrdinalIgnoreCase);
    private readonly SortedDictionary<long, User> _userOrder = new();
    private readonly Dictionary<string, Binding> _bindings = new(StringComparer.Ordinal);
    private readonly Dictionary<(string, string, string), Binding> _bindingKeys = new();
    private readonly SortedDictionary<long, Binding> _bindingOrder = new();
    private long _userCounter, _bindingCounter, _seededUserCounter;

    private static DateTimeOffset Now()
    {
        var now = DateTimeOffset.UtcNow;
        return new DateTimeOffset(now.Ticks - now.Ticks % TimeSpan.TicksPerSecond, TimeSpan.Zero);
    }

    /// <summary>The user id for a new user with no invitation (seeded). Invitation users take their id from the invitation store.</summary>
    public string NextSeededUserId()
    {
        lock (_lock) return Ids.Short("u-", 1_000_000 + ++_seededUserCounter, 2_246_822_519UL, 1_234_567UL);
    }

    public string? UserIdByEmail(string email)
    {
        lock (_lock) return _byEmail.TryGetValue(email, out var u) ? u.Id : null;
    }

    /// <summary>Adds the user unless one with this id exists. Returns the user.</summary>
    public SimUser Ensure(string id, string email, string authType, string fullName = "")
    {
        lock (_lock)
        {
            if (_users.TryGetValue(id, out var existing)) return existing.Snapshot();
            var now = Now();
            var u = new User { Id = id, Email = email, AuthType = authType, FullName = fullName, CreatedAt = now, UpdatedAt = now, Order = ++_userCounter };
            _users[id] = u;
            _byEmail[email] = u;
            _userOrder[u.Order] = u;
            return u.Snapshot();
        }
    }

    public SimUser? Get(string id)
    {
        lock (_lock) return _users.TryGetValue(id, out var u) ? u.Snapshot() : null;
    }

    public SimUser? Update(string id, string? fullName)
    {
        lock (_lock)
        {
            if (!_users.TryGetValue(id, out var u)) return null;
            if (fullName is not null && fullName != u.FullName)
            {
                u.FullName = fullName;
                u.UpdatedAt = Now();
            }
            return u.Snapshot();
        }
    }

    /// <summary>Removes the user and every role binding whose principal is <c>User:&lt;id&gt;</c>. Returns the number of bindings removed, or -1 when there is no such user.</summary>
    public int Delete(string id)
    {
        lock (_lock)
        {
            if (!_users.Remove(id, out var u)) return -1;
            if (_byEmail.TryGetValue(u.Email, out var byEmail) && ReferenceEquals(byEmail, u)) _byEmail.Remove(u.Email);
            _userOrder.Remove(u.Order);
            var principal = "User:" + id;
            var doomed = _bindings.Values.Where(b => b.Principal == principal).ToList();
            foreach (var b in doomed) RemoveBinding(b);
            return doomed.Count;
        }
    }

    public Page<SimUser> ListUsers(long afterOrder, int pageSize)
    {
        lock (_lock)
        {
            var items = new List<SimUser>(Math.Min(pageSize, 128));
            bool more = false;
            foreach (var (order, u) in _userOrder)
            {
                if (order <= afterOrder) continue;
                if (items.Count < pageSize) items.Add(u.Snapshot());
                else { more = true; break; }
            }
            return new Page<SimUser>(items, _users.Count, more);
        }
    }

    public IReadOnlyList<SimUser> Users()
    {
        lock (_lock) return _userOrder.Values.Select(u => u.Snapshot()).ToArray();
    }

    // ---------------------------------------------------------------- role bindings

    /// <summary>Creates the binding, or returns the existing one with the same principal, role and CRN pattern.</summary>
    public BindingOutcome CreateBinding(string principal, string roleName, string crnPattern, bool requireKnownUser, out SimRoleBinding binding)
    {
        lock (_lock)
        {
            binding = null!;
            if (_bindingKeys.TryGetValue((principal, roleName, crnPattern), out var existing))
            {
                binding = existing.Snapshot();
                return BindingOutcome.Duplicate;
            }
            if (requireKnownUser && principal.StartsWith("User:", StringComparison.Ordinal) && !_users.ContainsKey(principal[5..]))
                return BindingOutcome.UnknownPrincipal;
            var n = ++_bindingCounter;
            var b = new Binding
            {
                Id = Ids.Short("rb-", n, 3_266_489_917UL, 424_242UL),
                Principal = principal, RoleName = roleName, CrnPattern = crnPattern, CreatedAt = Now(), Order = n,
            };
            _bindings[b.Id] = b;
            _bindingKeys[(principal, roleName, crnPattern)] = b;
            _bindingOrder[n] = b;
            binding = b.Snapshot();
            return BindingOutcome.Created;
        }
    }

    public SimRoleBinding? GetBinding(string id)
    {
        lock (_lock) return _bindings.TryGetValue(id, out var b) ? b.Snapshot() : null;
    }

    public SimRoleBinding? DeleteBinding(string id)
    {
        lock (_lock)
        {
            if (!_bindings.TryGetValue(id, out var b)) return null;
            RemoveBinding(b);
            return b.Snapshot();
        }
    }

    private void RemoveBinding(Binding b)
    {
        _bindings.Remove(b.Id);
        _bindingKeys.Remove((b.Principal, b.RoleName, b.CrnPattern));
        _bindingOrder.Remove(b.Order);
    }

    public Page<SimRoleBinding> ListBindings(Func<SimRoleBinding, bool> match, long afterOrder, int pageSize)
    {
        lock (_lock)
        {
            var items = new List<SimRoleBinding>(Math.Min(pageSize, 128));
            int total = 0;
            bool more = false;
            foreach (var (order, b) in _bindingOrder)
            {
                var s = b.Snapshot();
                if (!match(s)) continue;
                total++;
                if (order <= afterOrder) continue;
                if (items.Count < pageSize) items.Add(s);
                else more = true;
            }
            return new Page<SimRoleBinding>(items, total, more);
        }
    }

    public IReadOnlyList<SimRoleBinding> Bindings()
    {
        lock (_lock) return _bindingOrder.Values.Select(b => b.Snapshot()).ToArray();
    }

    public void Clear()
    {
        lock (_lock)
        {
            _users.Clear();
            _byEmail.Clear();
            _userOrder.Clear();
            _bindings.Clear();
            _bindingKeys.Clear();
            _bindingOrder.Clear();
            _userCounter = _bindingCounter = _seededUserCounter = 0;
        }
    }
}
