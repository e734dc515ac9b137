/**
 * Watch a class hierarchy grow, and list its leaf classes (the talk's 3.6.1, a
 * `RegisterLeafClasses` metaclass). A JavaScript class is told nothing when another extends it, so
 * each class of the hierarchy carries `@registry`, which is where its definition can be hooked;
 * `Color.registry` lists the classes no registered class extends, in the order they were defined.
 */
import { registry } from 'hookline/decorators';

@registry
class Color {
  declare static readonly registry: ReadonlySet<typeof Color>;
}

const leaves = () => [...Color.registry].map((leaf) => leaf.name).join(', ');

@registry
class Blue extends Color {}
@registry
class Red extends Color {}
@registry
class Green extends Color {}
@registry
class Yellow extends Color {}
console.log(`Color: ${leaves()}`);

@registry
class PhthaloBlue extends Blue {}
@registry
class CeruleanBlue extends Blue {}
console.log(`Color: ${leaves()}`);
console.log(`one registry for the hierarchy: ${Blue.registry === Color.registry}`);

export { CeruleanBlue, Green, PhthaloBlue, Red, Yellow };
