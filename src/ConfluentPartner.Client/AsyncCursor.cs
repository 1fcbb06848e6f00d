using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace ConfluentPartner.Client
{
    /// <summary>
    /// Reads a paged list one item at a time, requesting the next page only when the reader gets there, so a long
    /// list starts showing at once and memory stays flat. Task-typed on purpose, not IAsyncEnumerable: on
    /// netstandard2.0 that interface comes from Microsoft.Bcl.AsyncInterfaces, a dependency that loads privately with
    /// the engine (the module's Dependencies/ folder), and the cmdlet assembly must never name one of those.
    /// </summary>
    public sealed class AsyncCursor<T>
    {
        private readonly Func<string, CancellationToken, Task<(IReadOnlyList<T> Items, string? Next)>> _readPage;
        private readonly CancellationToken _cancellationToken;
        private IReadOnlyList<T> _items = Array.Empty<T>();
        private int _index = -1;
        private string? _next;

        /// <param name="firstPage">Where the first page is read from.</param>
        /// <param name="readPage">Reads a page: its items and where the next one is (null after the last).</param>
        internal AsyncCursor(string firstPage, Func<string, CancellationToken, Task<(IReadOnlyList<T> Items, string? Next)>> readPage, CancellationToken cancellationToken)
        {
            _next = firstPage;
            _readPage = readPage;
            _cancellationToken = cancellationToken;
        }

        /// <summary>The item <see cref="MoveNextAsync"/> moved to.</summary>
        public T Current => _index >= 0 && _index < _items.Count ? _items[_index] : throw new InvalidOperationException("MoveNextAsync has not returned true.");

        /// <summary>Moves to the next item, reading pages (skipping empty ones) as needed; false after the last.</summary>
        public async Task<bool> MoveNextAsync()
        {
            while (_index + 1 >= _items.Count)
            {
                if (_next == null) return false;
                var (items, next) = await _readPage(_next, _cancellationToken).ConfigureAwait(false);
                _items = items;
                _index = -1;
                _next = next;
            }
            _index++;
            return true;
        }
    }
}
