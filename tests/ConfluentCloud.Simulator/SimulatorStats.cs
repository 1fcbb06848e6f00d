namespace ConfluentCloud.Simulator;

/// <summary>Counters of a running simulator. All reads are thread-safe.</summary>
public sealed class SimulatorStats
{
    internal long _requests, _tokenRequests, _invitationsCreated, _signupsCreated, _activations,
        _duplicates, _rateLimited, _faults, _invitationsDeleted, _usersDeleted, _roleBindingsCreated, _roleBindingsDeleted,
        _entitlementsCreated, _linksCreated;
    internal int _maxConcurrent;
    private readonly long[] _statusCounts = new long[600];

    /// <summary>API requests received (excludes the token endpoint).</summary>
    public long Requests => Interlocked.Read(ref _requests);
    /// <summary>Requests to <c>POST /oauth2/token</c> (any outcome).</summary>
    public long TokenRequests => Interlocked.Read(ref _tokenRequests);
    /// <summary>Invitations created through the API (not seeded ones).</summary>
    public long InvitationsCreated => Interlocked.Read(ref _invitationsCreated);
    /// <summary>Organizations created by real (not dry-run) signups.</summary>
    public long SignupsCreated => Interlocked.Read(ref _signupsCreated);
    /// <summary>Successful <c>/partner/v2/signup/activate</c> calls.</summary>
    public long Activations => Interlocked.Read(ref _activations);
    /// <summary>Successful <c>DELETE /iam/v2/invitations/{id}</c> calls.</summary>
    public long InvitationsDeleted => Interlocked.Read(ref _invitationsDeleted);
    /// <summary>Users removed: <c>DELETE /iam/v2/users/{id}</c>, and pending invitees deactivated by deleting their invitation.</summary>
    public long UsersDeleted => Interlocked.Read(ref _usersDeleted);
    /// <summary>Role bindings created by <c>POST /iam/v2/role-bindings</c> (not seeded ones, not 409s).</summary>
    public long RoleBindingsCreated => Interlocked.Read(ref _roleBindingsCreated);
    /// <summary>Role bindings removed by <c>DELETE /iam/v2/role-bindings/{id}</c> (not those removed with their user).</summary>
    public long RoleBindingsDeleted => Interlocked.Read(ref _roleBindingsDeleted);
    /// <summary>Entitlements created through the API by any operation: <c>POST /partner/v2/entitlements</c>, and a signup or
    /// link with entitlement details (not seeded ones, not dry runs).</summary>
    public long EntitlementsCreated => Interlocked.Read(ref _entitlementsCreated);
    /// <summary>Real (not dry-run) successful <c>POST /partner/v2/signup/link</c> calls.</summary>
    public long LinksCreated => Interlocked.Read(ref _linksCreated);
    /// <summary>409 answers because the resource already existed.</summary>
    public long DuplicatesAttempted => Interlocked.Read(ref _duplicates);
    /// <summary>429 answers (rate limit, concurrency limit, injected 429).</summary>
    public long RateLimited => Interlocked.Read(ref _rateLimited);
    /// <summary>Highest number of API requests in flight at once.</summary>
    public int MaxConcurrentRequests => Volatile.Read(ref _maxConcurrent);
    /// <summary>Faults injected by <see cref="FaultRule"/>s.</summary>
    public long FaultsInjected => Interlocked.Read(ref _faults);

    /// <summary>
    /// Count of API responses per HTTP status (snapshot). Key 0 counts requests whose connection was
    /// aborted without a response, so the values add up to <see cref="Requests"/> once all requests are done.
    /// </summary>
    public IReadOnlyDictionary<int, long> StatusCounts
    {
        get
        {
            var d = new Dictionary<int, long>();
            for (int i = 0; i < _statusCounts.Length; i++)
            {
                var v = Interlocked.Read(ref _statusCounts[i]);
                if (v != 0) d[i] = v;
            }
            return d;
        }
    }

    internal void CountStatus(int status)
    {
        if ((uint)status < (uint)_statusCounts.Length) Interlocked.Increment(ref _statusCounts[status]);
    }

    internal void ObserveConcurrency(int inFlight)
    {
        int cur;
        while (inFlight > (cur = Volatile.Read(ref _maxConcurrent)))
        {
            if (Interlocked.CompareExchange(ref _maxConcurrent, inFlight, cur) == cur) break;
        }
    }

    internal void Reset(int currentInFlight)
    {
        Interlocked.Exchange(ref _requests, 0);
        Interlocked.Exchange(ref _tokenRequests, 0);
        Interlocked.Exchange(ref _invitationsCreated, 0);
        Interlocked.Exchange(ref _signupsCreated, 0);
        Interlocked.Exchange(ref _activations, 0);
        Interlocked.Exchange(ref _duplicates, 0);
        Interlocked.Exchange(ref _rateLimited, 0);
        Interlocked.Exchange(ref _faults, 0);
        Interlocked.Exchange(ref _invitationsDeleted, 0);
        Interlocked.Exchange(ref _usersDeleted, 0);
        Interlocked.Exchange(ref _roleBindingsCreated, 0);
        Interlocked.Exchange(ref _roleBindingsDeleted, 0);
        Interlocked.Exchange(ref _entitlementsCreated, 0);
        Interlocked.Exchange(ref _linksCreated, 0);
        Interlocked.Exchange(ref _maxConcurrent, Math.Max(0, currentInFlight));
        for (int i = 0; i < _statusCounts.Length; i++) Interlocked.Exchange(ref _statusCounts[i], 0);
    }

    public override string ToString() =>
        $"requests={Requests} tokens={TokenRequests} invitations={InvitationsCreated} signups={SignupsCreated} " +
        $"activations={Activations} entitlements={EntitlementsCreated} links={LinksCreated} " +
        $"invitationsDeleted={InvitationsDeleted} usersDeleted={UsersDeleted} bindings={RoleBindingsCreated}-{RoleBindingsDeleted} duplicates={DuplicatesAttempted} rateLimited={RateLimited} " +
        $"maxConcurrent={MaxConcurrentRequests} faults={FaultsInjected}";
}
