using System;
using System.Collections;
using System.Collections.Generic;

namespace VmemmapPS.Core.Sim;

/// <summary>
/// The registered dev_pagemaps: in add order, by name and by physical range (they never overlap), so lookups and
/// the overlap check of an add cost O(log n) however many devices there are.
/// </summary>
internal sealed class DeviceIndex : IEnumerable<DeviceState>
{
    // add order with O(1) removal: a device leaves from anywhere in the list
    private readonly LinkedList<DeviceState> _inOrder = new();
    private readonly Dictionary<string, LinkedListNode<DeviceState>> _byName = new(SimNames.Comparer);
    private RangeMap<DeviceState> _byRange = new();

    public int Count => _inOrder.Count;

    public void Add(DeviceState d)
    {
        _byName.Add(d.Name, _inOrder.AddLast(d));
        _byRange.Set(d.RangeStart, d.RangeStart + d.RangeSize, d);
    }

    public void Remove(DeviceState d)
    {
        if (_byName.TryGetValue(d.Name, out LinkedListNode<DeviceState>? node) && node.Value == d)
        {
            _inOrder.Remove(node);
            _byName.Remove(d.Name);
        }

        _byRange.Remove(d.RangeStart, d.RangeStart + d.RangeSize);
    }

    public DeviceState? Find(string name) => _byName.TryGetValue(name, out LinkedListNode<DeviceState>? node) ? node.Value : null;

    /// <summary>The device whose range holds physical address pa.</summary>
    public DeviceState? AtAddress(ulong pa) => _byRange.TryFind(pa, out DeviceState d) ? d : null;

    /// <summary>The lowest device whose range overlaps [start, end).</summary>
    public DeviceState? Overlapping(ulong start, ulong end) => _byRange.TryFindOverlap(start, end, out DeviceState d) ? d : null;

    /// <summary>Whether one device's range holds all of [start, end).</summary>
    public bool Covers(ulong start, ulong end) => _byRange.Covers(start, end);

    public List<T> ConvertAll<T>(Converter<DeviceState, T> f)
    {
        var list = new List<T>(_inOrder.Count);
        foreach (DeviceState d in _inOrder)
        {
            list.Add(f(d));
        }

        return list;
    }

    public DeviceIndex Clone()
    {
        var c = new DeviceIndex();
        foreach (DeviceState d in _inOrder)
        {
            c.Add(d.Clone());
        }

        return c;
    }

    public LinkedList<DeviceState>.Enumerator GetEnumerator() => _inOrder.GetEnumerator();

    IEnumerator<DeviceState> IEnumerable<DeviceState>.GetEnumerator() => GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
