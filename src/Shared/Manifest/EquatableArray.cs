using System;
using System.Collections;
using System.Collections.Generic;

namespace Specialized.Manifest
{
    /// <summary>
    /// An immutable array with value equality (element by element), so records holding it compare structurally.
    /// The generator caches pipeline steps on <see cref="ManifestSpec"/> equality; a plain array would compare by
    /// reference and defeat that cache. <c>default</c> behaves as the empty array.
    /// </summary>
    public readonly struct EquatableArray<T> : IEquatable<EquatableArray<T>>, IReadOnlyList<T>
        where T : IEquatable<T>
    {
        private readonly T[]? _items;

        /// <summary>Wraps a copy of <paramref name="items"/> (the caller's array can change later without affecting this one).</summary>
        public EquatableArray(IEnumerable<T> items)
        {
            _items = new List<T>(items).ToArray();
        }

        public static EquatableArray<T> Empty => default;

        public int Count => _items?.Length ?? 0;

        public bool IsEmpty => Count == 0;

        public T this[int index] => (_items ?? Array.Empty<T>())[index];

        public T[] ToArray() => _items is null ? Array.Empty<T>() : (T[])_items.Clone();

        public bool Equals(EquatableArray<T> other)
        {
            int count = Count;
            if (count != other.Count)
            {
                return false;
            }

            for (int i = 0; i < count; i++)
            {
                if (!EqualityComparer<T>.Default.Equals(_items![i], other._items![i]))
                {
                    return false;
                }
            }

            return true;
        }

        public override bool Equals(object? obj) => obj is EquatableArray<T> other && Equals(other);

        public override int GetHashCode()
        {
            // FNV-style combine: HashCode is not available on netstandard2.0.
            unchecked
            {
                int hash = (int)2166136261;
                foreach (T item in this)
                {
                    hash = (hash ^ (item is null ? 0 : EqualityComparer<T>.Default.GetHashCode(item))) * 16777619;
                }

                return hash;
            }
        }

        public IEnumerator<T> GetEnumerator() => ((IEnumerable<T>)(_items ?? Array.Empty<T>())).GetEnumerator();

        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

        public static bool operator ==(EquatableArray<T> left, EquatableArray<T> right) => left.Equals(right);

        public static bool operator !=(EquatableArray<T> left, EquatableArray<T> right) => !left.Equals(right);

        public override string ToString() => "[" + string.Join(", ", this) + "]";
    }

    /// <summary>Shorthand constructors for <see cref="EquatableArray{T}"/>.</summary>
    public static class EquatableArray
    {
        public static EquatableArray<T> Create<T>(params T[] items)
            where T : IEquatable<T> => new(items);

        public static EquatableArray<T> ToEquatableArray<T>(this IEnumerable<T> items)
            where T : IEquatable<T> => new(items);
    }
}
