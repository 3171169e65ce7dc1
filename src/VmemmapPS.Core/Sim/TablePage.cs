using System.Runtime.CompilerServices;
using System;
using VmemmapPS.Core.Arch.Arm64;

namespace VmemmapPS.Core.Sim;

/// <summary>
/// One translation-table page. Stored as a single uniform run (entries [RunStart, RunStart+RunCount) with
/// output addresses stepping by <see cref="Step"/>, or all one entry when <see cref="RunRepeats"/>: PTEs that
/// map one reused vmemmap page) until an entry breaks the run; then expanded to one ulong per entry. Walkers see
/// the same entries either way.
/// </summary>
internal sealed class TablePage
{
    private ulong[]? _entries;
    private int _runStart;
    private int _runCount;
    private ulong _runDesc;
    private bool _runRepeat;
    private int _used;

    public TablePage(ulong pa, int level, int entryCount, ulong vaBase, ulong step, PageTableRegion region, string? device, int node,
        ulong pageSize)
    {
        PageSize = pageSize;
        Pa = pa;
        Level = level;
        EntryCount = entryCount;
        VaBase = vaBase;
        Step = step;
        Region = region;
        Device = device;
        Node = node;
    }

    public ulong Pa { get; }
    public int Level { get; }
    public int EntryCount { get; }
    public ulong VaBase { get; }

    /// <summary>Output-address step between consecutive leaf entries (the entry span).</summary>
    public ulong Step { get; }

    /// <summary>Step between consecutive table descriptors of a run: child tables allocated back to back.</summary>
    public ulong PageSize { get; }
    public PageTableRegion Region { get; }
    public string? Device { get; }
    public int Node { get; }

    public bool Uniform => _entries is null;
    public int Used => _entries is null ? _runCount : _used;
    public bool Empty => Used == 0;
    public int RunStart => _runStart;
    public int RunCount => _runCount;

    /// <summary>The uniform run repeats one entry (every PTE of it maps the same page) instead of stepping.</summary>
    public bool RunRepeats => _entries is null && _runRepeat;

    [MethodImpl(HotPath.Options)]
    public ulong Get(int i)
    {
        if (_entries is not null)
        {
            return _entries[i];
        }

        return i >= _runStart && i < _runStart + _runCount ? DescAt(i) : 0;
    }

    private ulong StepOf(ulong desc) => PgtableDesc.Kind(desc) == DescKind.Table ? PageSize : Step;

    private ulong DescAt(int i) => _runRepeat ? _runDesc : _runDesc + (ulong)(i - _runStart) * StepOf(_runDesc);

    /// <summary>Write one entry; keeps the run form while the entry extends or shrinks the run.</summary>
    [MethodImpl(HotPath.Options)]
    public void Set(int i, ulong desc)
    {
        if (_entries is null)
        {
            if (TrySetInRun(i, desc))
            {
                return;
            }

            Expand();
        }

        ulong old = _entries![i];
        if (old == 0 && desc != 0)
        {
            _used++;
        }
        else if (old != 0 && desc == 0)
        {
            _used--;
        }

        _entries[i] = desc;
    }

    [MethodImpl(HotPath.Options)]
    private bool TrySetInRun(int i, ulong desc)
    {
        if (desc == 0)
        {
            if (i < _runStart || i >= _runStart + _runCount)
            {
                return true;
            }

            if (_runCount == 1)
            {
                _runCount = 0;
                return true;
            }

            if (i == _runStart)
            {
                _runDesc = DescAt(i + 1);
                _runStart++;
                _runCount--;
                return true;
            }

            if (i == _runStart + _runCount - 1)
            {
                _runCount--;
                return true;
            }

            return false;
        }

        if (_runCount == 0)
        {
            _runStart = i;
            _runCount = 1;
            _runDesc = desc;
            _runRepeat = false;
            return true;
        }

        if (PgtableDesc.Kind(desc) != PgtableDesc.Kind(_runDesc))
        {
            return false;
        }

        if (_runRepeat)
        {
            if (desc != _runDesc)
            {
                return false;
            }

            if (i == _runStart + _runCount || i == _runStart - 1)
            {
                _runStart = System.Math.Min(_runStart, i);
                _runCount++;
                return true;
            }

            return i >= _runStart && i < _runStart + _runCount;
        }

        if (_runCount == 1 && desc == _runDesc && (i == _runStart + 1 || i == _runStart - 1))
        {
            _runRepeat = true;
            _runStart = System.Math.Min(_runStart, i);
            _runCount = 2;
            return true;
        }

        ulong step = StepOf(desc);
        if (i == _runStart + _runCount && desc == _runDesc + (ulong)_runCount * step)
        {
            _runCount++;
            return true;
        }

        if (i == _runStart - 1 && desc + step == _runDesc)
        {
            _runStart--;
            _runCount++;
            _runDesc = desc;
            return true;
        }

        return i >= _runStart && i < _runStart + _runCount && desc == DescAt(i);
    }

    /// <summary>Fill [first, first+count) with a run starting at desc (table-at-a-time fill of a fresh range).</summary>
    public void FillRun(int first, int count, ulong desc)
    {
        ulong step = StepOf(desc);
        if (_entries is null && _runCount == 0)
        {
            _runStart = first;
            _runCount = count;
            _runDesc = desc;
            _runRepeat = false;
            return;
        }

        if (_entries is null && !_runRepeat && first == _runStart + _runCount && PgtableDesc.Kind(desc) == PgtableDesc.Kind(_runDesc) &&
            desc == _runDesc + (ulong)_runCount * step)
        {
            _runCount += count;
            return;
        }

        for (int k = 0; k < count; k++)
        {
            Set(first + k, desc + (ulong)k * step);
        }
    }

    /// <summary>Fill [first, first+count) with the same entry desc (PTEs that all map one reused page).</summary>
    public void FillRepeat(int first, int count, ulong desc)
    {
        if (_entries is null && _runCount == 0)
        {
            _runStart = first;
            _runCount = count;
            _runDesc = desc;
            _runRepeat = count > 1;
            return;
        }

        if (_entries is null && first == _runStart + _runCount && desc == _runDesc && (_runRepeat || _runCount == 1))
        {
            _runRepeat = true;
            _runCount += count;
            return;
        }

        for (int k = 0; k < count; k++)
        {
            Set(first + k, desc);
        }
    }

    /// <summary>Entries from i to the end of the uniform run (all stepping from Get(i)); 0 when expanded or outside.</summary>
    public int RunLengthFrom(int i) =>
        _entries is null && i >= _runStart && i < _runStart + _runCount ? _runStart + _runCount - i : 0;

    /// <summary>Clear [first, first+count): O(1) when that is a prefix, suffix or all of the run; a hole in the middle splits it.</summary>
    public void ClearRange(int first, int count)
    {
        if (_entries is null && first <= _runStart && first + count >= _runStart + _runCount)
        {
            _runCount = 0;
            return;
        }

        if (_entries is null && first == _runStart && count < _runCount)
        {
            _runDesc = DescAt(first + count);
            _runStart += count;
            _runCount -= count;
            return;
        }

        if (_entries is null && first > _runStart && first < _runStart + _runCount && first + count >= _runStart + _runCount)
        {
            _runCount = first - _runStart;
            return;
        }

        for (int k = 0; k < count; k++)
        {
            Set(first + k, 0);
        }
    }

    /// <summary>Clear [first, first+count) when it contains the whole run (bulk unmap of a uniform table).</summary>
    public bool TryClearWholeRun(int first, int count)
    {
        if (_entries is not null || _runCount == 0 || first > _runStart || first + count < _runStart + _runCount)
        {
            return false;
        }

        _runCount = 0;
        return true;
    }

    private void Expand()
    {
        _entries = new ulong[EntryCount];
        for (int k = 0; k < _runCount; k++)
        {
            _entries[_runStart + k] = DescAt(_runStart + k);
        }

        _used = _runCount;
        _runCount = 0;
    }

    public TablePage Clone()
    {
        var copy = (TablePage)MemberwiseClone();
        copy._entries = _entries is null ? null : (ulong[])_entries.Clone();
        return copy;
    }

    /// <summary>First non-none index at or after i, or EntryCount.</summary>
    [MethodImpl(HotPath.Options)]
    public int NextUsed(int i)
    {
        if (_entries is null)
        {
            if (_runCount == 0 || i >= _runStart + _runCount)
            {
                return EntryCount;
            }

            return Math.Max(i, _runStart);
        }

        while (i < EntryCount && _entries[i] == 0)
        {
            i++;
        }

        return i;
    }
}
